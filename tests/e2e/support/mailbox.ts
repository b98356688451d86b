/** Reads the embedded server's local mailbox (one .eml file per message) in a data folder. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The code in the latest "verification code is: …" email to `to` in the local mailbox of `dataDir`. */
export function latestCode(dataDir: string, to: string, timeoutMs = 15_000): Promise<string> {
  return latestMatch(dataDir, to, /verification code is: (\d+)/, timeoutMs);
}

/** The first group of `pattern` in the latest email to `to` that has it, waiting up to `timeoutMs` for one. */
export async function latestMatch(dataDir: string, to: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const folder = join(dataDir, 'mailbox');
    const found = safeList(folder)
      .filter((name) => name.endsWith('.eml'))
      .sort()
      // Quoted-printable bodies wrap long lines with a trailing "=": join them again.
      .map((name) => readFileSync(join(folder, name), 'utf8').replace(/=\r?\n/g, ''))
      .filter((message) => message.toLowerCase().includes(`to: ${to.toLowerCase()}`))
      .map((message) => pattern.exec(message)?.[1])
      .filter((match) => match !== undefined)
      .at(-1);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email to ${to} matching ${String(pattern)} in ${folder}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

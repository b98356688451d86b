/** Reads the embedded server's local mailbox (one .eml file per message) in a data folder. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export async function latestCode(dataDir: string, to: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const folder = join(dataDir, 'mailbox');
    const messages = safeList(folder)
      .filter((name) => name.endsWith('.eml'))
      .sort()
      .map((name) => readFileSync(join(folder, name), 'utf8'))
      .filter((message) => message.toLowerCase().includes(`to: ${to.toLowerCase()}`));
    const code = messages.at(-1)?.match(/verification code is: (\d+)/)?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no code for ${to} in ${folder}`);
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

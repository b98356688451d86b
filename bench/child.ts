/**
 * A bench script run as a child of its own (its own heap, its peak RSS, and for most a
 * throwaway keychain, because unlocking reads the Secret Key from it), answering one JSON line
 * as the last line of its output.
 */
import { execFileSync } from 'node:child_process';

export function runBenchChild<T>(script: string, options: { keyring?: boolean; nodeFlags?: string[] } = {}): T {
  const node = [process.execPath, ...(options.nodeFlags ?? []), '--import', 'tsx', script];
  const [command, ...args] = options.keyring === false ? node : ['bash', 'scripts/with-keyring.sh', ...node];
  const output = execFileSync(command!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '') as T;
}

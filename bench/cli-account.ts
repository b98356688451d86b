/**
 * The command-line benchmarks' account (bench/cli-item-get.ts, bench/cli-scale.ts): signed up on
 * a data folder's embedded server and filled with `items` logins through the app's own Chrome CSV
 * import, as a user would fill it (not timed); the app is closed after. Login i is titled
 * "Site i" with the password `pw-i-secret`.
 */
import { resolve } from 'node:path';
import { seedVault } from './seed-vault';

export const CLI_PASSWORD = 'correct horse battery staple 1987';
/** The built command line (`npm run build` or `node scripts/build-main.mjs` first). */
export const BUILT_CLI = resolve('dist/main/cli.js');

export async function seedCliAccount(dataDir: string, items: number, email = 'bench-cli@example.com'): Promise<void> {
  const csv = ['name,url,username,password,note', ...Array.from({ length: items }, (_, i) => `Site ${i},https://site${i}.example.com,user${i}@example.com,pw-${i}-secret,`)].join('\n');
  await seedVault(dataDir, items, { email, password: CLI_PASSWORD, csv });
}

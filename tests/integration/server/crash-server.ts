/**
 * The sync server as a child process, for the crash test (recovery-crash.test.ts):
 *   node --import tsx tests/integration/server/crash-server.ts <sqlite file | postgres://...>
 * Prints "LISTENING <url>" once it serves. Mail goes to LATCHKEY_SMTP_URL. With
 * LATCHKEY_TEST_RESET_DELAY_MS set, the recovery reset prints "INSIDE-RESET" from inside its
 * transaction (after its writes, before the commit) and then waits that long, so the test can
 * kill -9 the process there.
 */
import { databaseConfigFrom, startServer } from '../../../src/server/index';

const target = process.argv[2];
if (!target) {
  console.error('usage: crash-server.ts <sqlite file | postgres url>');
  process.exit(2);
}
const delayMs = Number(process.env.LATCHKEY_TEST_RESET_DELAY_MS ?? 0);
const server = await startServer({
  database: databaseConfigFrom(target),
  logLevel: 'silent',
  ...(delayMs > 0
    ? {
        testHooks: {
          async insideRecoveryReset() {
            process.stdout.write('INSIDE-RESET\n');
            await new Promise((resolve) => setTimeout(resolve, delayMs));
          },
        },
      }
    : {}),
});
process.stdout.write(`LISTENING ${server.url}\n`);

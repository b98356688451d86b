/**
 * The shared setup of the server test files: one SMTP server (smtp-server, a real one) for the
 * whole file, started when the file loads and closed after its last test, and, for files that
 * seal or open anything, libsodium made ready. A test file writes
 * `const smtp = await smtpForThisFile({ crypto: true });` at its top level.
 */
import { afterAll } from 'vitest';
import { initCrypto } from '../../src/main/core/crypto/sodium';
import { startSmtp, type TestSmtp } from '../integration/server/harness';

export async function smtpForThisFile(options: { crypto?: boolean } = {}): Promise<TestSmtp> {
  const smtp = await startSmtp();
  afterAll(() => smtp.close());
  if (options.crypto) await initCrypto();
  return smtp;
}

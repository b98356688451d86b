/**
 * The first sign-in after a recovery reset the account: when it fails, the person is told the
 * account is recovered and why this device is not signed in yet, in words chosen from the
 * error's code (never the server's English), and the keys the reset derived stay usable for
 * the retry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signInAfterReset } from '../../../src/main/core/account/sign-in';
import { initCrypto, systemRandom } from '../../../src/main/core/crypto/sodium';
import { SyncApiError, type SyncServerClient } from '../../../src/main/core/sync/client';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { generateAccountId, generateSecretKey } from '../../../src/shared/crypto/secret-key';
import { IpcError } from '../../../src/shared/ipc/result';

beforeAll(initCrypto);

function refusingServer(error: SyncApiError): SyncServerClient {
  return {
    call: async () => {
      throw error;
    },
  } as unknown as SyncServerClient;
}

async function failureFor(error: SyncApiError) {
  const keys = { accountUnlockKey: new SecretBytes(systemRandom(32)), authSecret: new SecretBytes(systemRandom(32)), dispose: () => undefined };
  const account = { email: 'alice@example.com', secretKey: generateSecretKey(systemRandom, generateAccountId(systemRandom)), kdf: { salt: '', memoryKiB: 0, iterations: 0, parallelism: 0 } as never };
  const thrown: unknown = await signInAfterReset(refusingServer(error), account, 'new password', keys).then(
    () => new Error('expected the sign-in to fail, and it did not'),
    (reason: unknown) => reason,
  );
  expect(keys.authSecret.expose()).toHaveLength(32);
  return thrown;
}

describe('signing in after a reset', () => {
  it.each([
    [new SyncApiError('unreachable', 'fetch failed: ECONNREFUSED 127.0.0.1', 0), 'offline', 'the sync server cannot be reached'],
    [new SyncApiError('rate_limited', 'Slow down, 17 attempts in window', 429, { retryAfterSeconds: 60 }), 'rate-limited', 'too many attempts, so wait a few minutes first'],
    [new SyncApiError('invalid_request', 'body/email: Invalid string: must match pattern /x/', 400), 'refused', 'the sync server refused it (invalid_request)'],
  ])('says the account is recovered and why this device is not signed in (%s)', async (error, code, reason) => {
    const thrown = await failureFor(error);
    expect(thrown).toBeInstanceOf(IpcError);
    expect(thrown).toMatchObject({ code, message: `Your account was recovered, but this device could not sign in yet: ${reason}. Try again with the same new password.` });
    expect((thrown as Error).message).not.toContain(error.message);
  });
});

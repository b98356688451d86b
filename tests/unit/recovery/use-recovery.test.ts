/**
 * Using a recovery code, in the main process, against a fake server that runs the real
 * OPAQUE server steps: what is checked on the device before anything is sent, what a wrong
 * code reads like, and that a tampered answer is refused before any change.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateAccountKey } from '../../../src/main/core/crypto/account-key';
import { encryptKeyset, generateKeyset } from '../../../src/main/core/crypto/keyset';
import { finishRecoverySetup, startRecoverySetup } from '../../../src/main/core/crypto/recovery';
import { initCrypto, systemRandom } from '../../../src/main/core/crypto/sodium';
import { TAMPERED_ANSWER, translateRecoveryError, WRONG_RECOVERY_CODE } from '../../../src/main/core/recovery/use-messages';
import { RecoveryUse } from '../../../src/main/core/recovery/use-recovery';
import { SyncApiError, type SyncServerClient } from '../../../src/main/core/sync/client';
import { createOpaqueServerSetup, opaqueServerFinishLogin, opaqueServerRegistrationResponse, opaqueServerStartLogin } from '../../../src/shared/crypto/opaque-server';
import { formatRecoveryCode, generateRecoveryCode } from '../../../src/shared/crypto/recovery-code';
import { generateAccountId } from '../../../src/shared/crypto/secret-key';
import { IpcError } from '../../../src/shared/ipc/result';

beforeAll(initCrypto);

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const EMAIL = 'alice@example.com';

/** One account with an active recovery code, and a server that answers start, prove and verify. */
function fakeServer({ tamper = false } = {}) {
  const serverSetup = createOpaqueServerSetup();
  const accountId = generateAccountId(systemRandom);
  const accountKey = generateAccountKey();
  const keyset = generateKeyset('primary');
  const encrypted = encryptKeyset(keyset, accountKey, accountId);
  const code = generateRecoveryCode(systemRandom);
  const text = formatRecoveryCode(code);
  const { keys, registration } = startRecoverySetup(code);
  const { registrationResponse } = opaqueServerRegistrationResponse({ serverSetup, userIdentifier: `recovery:${accountId}`, registrationRequest: registration.registrationRequest });
  const credential = finishRecoverySetup({ keys, clientRegistrationState: registration.clientRegistrationState, registrationResponse, accountKey, accountId });
  const keysetBytes = encrypted.encryptedPrivateKeys.slice();
  if (tamper) keysetBytes[keysetBytes.length - 1]! ^= 1;

  const calls: string[] = [];
  let loginState = '';
  const api = {
    baseUrl: 'http://127.0.0.1:1',
    async call(route: { path: string }, { body }: { body: Record<string, string> }) {
      calls.push(route.path);
      switch (route.path) {
        case '/v1/recovery/start': {
          const known = body.email === EMAIL;
          const started = opaqueServerStartLogin({ serverSetup, userIdentifier: known ? `recovery:${accountId}` : 'fake', registrationRecord: known ? credential.registrationRecord : null, startLoginRequest: body.startLoginRequest! });
          loginState = started.serverLoginState;
          return { attemptId: 'a'.repeat(43), loginResponse: started.loginResponse };
        }
        case '/v1/recovery/prove':
          try {
            opaqueServerFinishLogin({ serverLoginState: loginState, finishLoginRequest: body.finishLoginRequest! });
          } catch {
            throw new SyncApiError('invalid_credentials', 'Recovery failed: the email or the recovery code is wrong', 401);
          }
          return { checks: ['email'], sentTo: 'a•••e@example.com', codeDigits: 6, expiresInSeconds: 600 };
        case '/v1/recovery/verify':
          return {
            recoveryToken: 't'.repeat(43),
            expiresInSeconds: 600,
            account: { accountId, email: EMAIL, kdf: { algorithm: 'argon2id', memoryKiB: 8, iterations: 1, parallelism: 1, salt: b64(new Uint8Array(16)) }, recoveryWrappedAccountKey: b64(credential.wrappedAccountKey), publicKeys: { x25519: b64(encrypted.boxPublicKey), ed25519: b64(encrypted.signPublicKey) }, encryptedKeyset: b64(keysetBytes) },
          };
      }
      throw new Error(`unexpected route ${route.path}`);
    },
  };
  return { text, calls, recovery: new RecoveryUse(api as unknown as SyncServerClient) };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(IpcError);
  return (error as IpcError).message;
}

describe('using a recovery code', () => {
  it('names the group with a typo, and sends nothing', async () => {
    const server = fakeServer();
    const groups = server.text.split('-');
    groups[3] = (groups[3]![0] === '2' ? '3' : '2') + groups[3]!.slice(1);
    expect(await failure(server.recovery.start(EMAIL, groups.join(' ').toLowerCase()))).toBe('Check group 3 against your Recovery Kit: it has a typo.');
    expect(await failure(server.recovery.start(EMAIL, server.text.slice(0, -5)))).toMatch(/^A recovery code has 13 groups of 5 characters/);
    expect(server.calls).toEqual([]);
  });

  it('accepts the code typed loosely, proves it, and opens the account key and keyset', async () => {
    const server = fakeServer();
    await expect(server.recovery.start(EMAIL, server.text.toLowerCase().replace(/-/g, ' '))).resolves.toEqual({ checks: ['email'], sentTo: 'a•••e@example.com', codeDigits: 6, expiresInSeconds: 600 });
    await expect(server.recovery.verify({ check: 'email', code: '123456' })).resolves.toBeUndefined();
    expect(server.calls).toEqual(['/v1/recovery/start', '/v1/recovery/prove', '/v1/recovery/verify']);
  });

  it('says the same for a wrong code and an unknown email, and still sends the failed proof (so the owner is told)', async () => {
    const server = fakeServer();
    const otherCode = formatRecoveryCode(generateRecoveryCode(systemRandom));
    expect(await failure(server.recovery.start(EMAIL, otherCode))).toBe(WRONG_RECOVERY_CODE);
    expect(await failure(server.recovery.start('nobody@example.com', server.text))).toBe(WRONG_RECOVERY_CODE);
    expect(server.calls).toEqual(['/v1/recovery/start', '/v1/recovery/prove', '/v1/recovery/start', '/v1/recovery/prove']);
    expect(WRONG_RECOVERY_CODE).not.toMatch(/no account|not registered|doesn't exist/i);
  });

  it('refuses an answer whose keyset does not open, before any change', async () => {
    const server = fakeServer({ tamper: true });
    await server.recovery.start(EMAIL, server.text);
    expect(await failure(server.recovery.verify({ check: 'email', code: '123456' }))).toBe(TAMPERED_ANSWER);
    expect(await failure(server.recovery.complete('a long and quiet orchard 1987'))).toBe('Start again with your email address and recovery code.');
  });
});

describe('recovery messages', () => {
  const say = (error: SyncApiError) => {
    try {
      translateRecoveryError(error);
    } catch (caught) {
      return (caught as IpcError).message;
    }
  };
  it('counts the tries left for a wrong emailed code, and asks to start again when none are', () => {
    // The count comes from the error's details; the server's words are not read.
    expect(say(new SyncApiError('invalid_code', 'words', 400, { attemptsLeft: 2 }))).toBe("That isn't the code from the email. 2 tries left.");
    expect(say(new SyncApiError('invalid_code', 'words', 400, { attemptsLeft: 1 }))).toBe("That isn't the code from the email. 1 try left.");
    expect(say(new SyncApiError('invalid_code', '3 attempt(s) left', 400, { attemptsLeft: 0 }))).toMatch(/Start again/);
    expect(say(new SyncApiError('recovery_expired', 'x', 401))).toMatch(/Start again/);
  });
});

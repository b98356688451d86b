/**
 * The client side of recovery codes for the server tests, built from the app's own crypto
 * core (src/main/core/crypto: plain Node modules): a real R1 code, its HKDF keys, OPAQUE with
 * the code's authentication secret, and the account key wrapped by the code's wrapping key.
 */
import * as opaque from '@serenity-kit/opaque';
import { expect } from 'vitest';
import { generateAccountKey } from '../../../src/main/core/crypto/account-key';
import { opaqueFinishLogin, opaqueStartLogin } from '../../../src/main/core/crypto/opaque-client';
import { deriveRecoveryKeys, finishRecoverySetup, startRecoverySetup, unwrapAccountKeyWithRecovery, type RecoveryKeys } from '../../../src/main/core/crypto/recovery';
import { systemRandom } from '../../../src/main/core/crypto/sodium';
import { toBase64Url } from '../../../src/shared/crypto/bytes';
import { formatRecoveryCode, generateRecoveryCode, parseRecoveryCode } from '../../../src/shared/crypto/recovery-code';
import type { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { parseEml } from '../../../src/server/mail/mailbox';
import { fakeBlob, fakeWrappedKey, keyStretching, stepUp, type Api, type ApiResponse, type TestSmtp } from './harness';

export interface UploadedCode {
  /** The display form, as the user would type it back. */
  text: string;
  keys: RecoveryKeys;
  finish: ApiResponse;
}

/** Setup phase 1: a new code, registered and uploaded as the pending credential. */
/** Uploads a new code as the pending credential, after a step-up with the account's `secret`. */
export async function uploadRecoveryCode(api: Api, token: string, accountId: string, accountKey: SecretBytes, secret: string): Promise<UploadedCode> {
  const code = generateRecoveryCode(systemRandom);
  const text = formatRecoveryCode(code);
  const { keys, registration } = startRecoverySetup(code);
  const started = await api.post('/v1/recovery/credential/start', { registrationRequest: registration.registrationRequest }, token);
  expect(started.status).toBe(200);
  const pending = finishRecoverySetup({
    keys,
    clientRegistrationState: registration.clientRegistrationState,
    registrationResponse: started.body.registrationResponse,
    accountKey,
    accountId,
  });
  const body = { registrationRecord: pending.registrationRecord, wrappedAccountKey: toBase64Url(pending.wrappedAccountKey) };
  const finish = await api.call('POST', '/v1/recovery/credential/finish', body, token, undefined, await stepUp(api, token, secret));
  return { text, keys, finish };
}

/** Both setup phases: upload, then confirm. */
export async function setUpRecoveryCode(api: Api, token: string, accountId: string, accountKey: SecretBytes, secret: string): Promise<UploadedCode> {
  const uploaded = await uploadRecoveryCode(api, token, accountId, accountKey, secret);
  expect(uploaded.finish.status).toBe(201);
  const activated = await api.post('/v1/recovery/credential/activate', {}, token);
  expect(activated.status).toBe(200);
  expect(activated.body.status).toBe('active');
  return uploaded;
}

/** A real code that is no account's: what a typo that still parses, or a made-up code, amounts to. */
export const randomCodeText = () => formatRecoveryCode(generateRecoveryCode(systemRandom));

export function newAccountKey(): SecretBytes {
  return generateAccountKey(systemRandom);
}

/** Step 1a: OPAQUE start with the typed code's authentication secret. */
export async function recoveryStart(api: Api, email: string, codeText: string) {
  const keys = deriveRecoveryKeys(parseRecoveryCode(codeText));
  const login = opaqueStartLogin(keys.authSecret);
  const started = await api.post('/v1/recovery/start', { email, startLoginRequest: login.startLoginRequest });
  return { started, keys, clientLoginState: login.clientLoginState };
}

/**
 * Step 1 whole: start and prove. A wrong code is already caught by the client (OPAQUE), which
 * then sends a well-formed but wrong proof, as an attacker would.
 */
export async function proveCode(api: Api, email: string, codeText: string) {
  const { started, keys, clientLoginState } = await recoveryStart(api, email, codeText);
  if (started.status !== 200) return { started, proved: started, keys };
  let finishLoginRequest: string;
  try {
    finishLoginRequest = opaqueFinishLogin({ secret: keys.authSecret, clientLoginState, loginResponse: started.body.loginResponse }).finishLoginRequest;
  } catch {
    finishLoginRequest = fakeBlob(64);
  }
  const proved = await api.post('/v1/recovery/prove', { attemptId: started.body.attemptId, finishLoginRequest });
  return { started, proved, keys, attemptId: started.body.attemptId as string };
}

/** The newest message to `email` whose raw text matches, waiting for it (notices are sent in the background). */
export async function waitForMail(smtp: TestSmtp, email: string, pattern: RegExp, after: number): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const found = smtp.messages.slice(after).filter((m) => m.to.includes(email) && pattern.test(readable(m.raw))).at(-1);
    if (found) return readable(found.raw);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no mail to ${email} matching ${String(pattern)}`);
}

/** Subject and decoded text (bodies may be quoted-printable). */
function readable(raw: string): string {
  const { subject, text } = parseEml(raw);
  return `Subject: ${subject}\n\n${text}`;
}

export function codeIn(raw: string): string {
  const code = /verification code is: (\d{8})/.exec(raw)?.[1];
  if (!code) throw new Error('no code in the message');
  return code;
}

/** Steps 1–3: prove the code, read the emailed code from the SMTP server, verify it. */
export async function recoverUpToToken(api: Api, smtp: TestSmtp, email: string, codeText: string) {
  const mailBefore = smtp.messages.length;
  const { proved, keys, attemptId } = await proveCode(api, email, codeText);
  expect(proved.status).toBe(202);
  const code = codeIn(await waitForMail(smtp, email, /verification code is/, mailBefore));
  const verified = await api.post('/v1/recovery/verify', { attemptId, check: 'email', code });
  expect(verified.status).toBe(200);
  return { proved, verified, keys, attemptId: attemptId as string };
}

/** Step 4: the new account credential (OPAQUE registration of `newSecret`) and a new wrapped key. */
export async function resetWithToken(api: Api, recoveryToken: string, newSecret: string, wrappedAccountKey = fakeWrappedKey()) {
  await opaque.ready;
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password: newSecret });
  const started = await api.post('/v1/recovery/reset/start', { recoveryToken, registrationRequest });
  if (started.status !== 200) return { started, finished: started };
  const { registrationRecord } = opaque.client.finishRegistration({ password: newSecret, clientRegistrationState, registrationResponse: started.body.registrationResponse, keyStretching });
  const finished = await api.post('/v1/recovery/reset/finish', { recoveryToken, registrationRecord, wrappedAccountKey });
  return { started, finished };
}

export function unwrapRecovered(recoveryWrappedAccountKey: string, keys: RecoveryKeys, accountId: string): Uint8Array {
  return unwrapAccountKeyWithRecovery(new Uint8Array(Buffer.from(recoveryWrappedAccountKey, 'base64url')), keys, accountId).expose();
}

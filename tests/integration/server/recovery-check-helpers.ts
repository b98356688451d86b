/**
 * The device's side of a recovery code check (src/shared/server-api/recovery-check.ts), from
 * the app's own crypto core: the code's authentication secret in an OPAQUE login against the
 * check routes of a signed-in session.
 */
import { expect } from 'vitest';
import { opaqueFinishLogin, opaqueStartLogin } from '../../../src/main/core/crypto/opaque-client';
import { deriveRecoveryKeys, type RecoveryKeys } from '../../../src/main/core/crypto/recovery';
import { parseRecoveryCode } from '../../../src/shared/crypto/recovery-code';
import { fakeBlob, login, type Api, type ApiResponse, type SignedUp, type TestSmtp, signUp } from './harness';
import { newAccountKey, setUpRecoveryCode } from './recovery-helpers';

export interface StartedCheck {
  started: ApiResponse;
  keys: RecoveryKeys;
  /** The device's OPAQUE finish; null when it failed there (a wrong code: nothing is sent). */
  finishLoginRequest: string | null;
}

/** Check step 1, and the device's OPAQUE finish of it. */
export async function startCheck(api: Api, token: string | undefined, codeText: string): Promise<StartedCheck> {
  const keys = deriveRecoveryKeys(parseRecoveryCode(codeText));
  const opaqueLogin = opaqueStartLogin(keys.authSecret);
  const started = await api.post('/v1/recovery/check/start', { startLoginRequest: opaqueLogin.startLoginRequest }, token);
  if (started.status !== 200) return { started, keys, finishLoginRequest: null };
  let finishLoginRequest: string | null;
  try {
    finishLoginRequest = opaqueFinishLogin({ secret: keys.authSecret, clientLoginState: opaqueLogin.clientLoginState, loginResponse: started.body.loginResponse }).finishLoginRequest;
  } catch {
    finishLoginRequest = null;
  }
  return { started, keys, finishLoginRequest };
}

/** Check step 2 (a well-formed but wrong proof where the device's finish failed, as an attacker would send). */
export function finishCheck(api: Api, token: string, check: StartedCheck): Promise<ApiResponse> {
  return api.post('/v1/recovery/check/finish', { checkId: check.started.body.checkId, finishLoginRequest: check.finishLoginRequest ?? fakeBlob(64) }, token);
}

/** A whole check of a good code: both steps succeed. */
export async function checkCode(api: Api, token: string, codeText: string): Promise<{ check: StartedCheck; finished: ApiResponse }> {
  const check = await startCheck(api, token, codeText);
  expect(check.started.status).toBe(200);
  expect(check.finishLoginRequest).not.toBeNull();
  const finished = await finishCheck(api, token, check);
  expect(finished.status).toBe(200);
  return { check, finished };
}

/** An owner signed in on one device, with an account key and an active recovery code. */
export async function ownerWithCode(api: Api, smtp: TestSmtp, email: string) {
  const user: SignedUp = await signUp(api, smtp, email);
  const signedIn = await login(api, user.email, user.secret);
  expect(signedIn.status).toBe(200);
  const token = signedIn.body.sessionToken as string;
  const accountKey = newAccountKey();
  const code = await setUpRecoveryCode(api, token, user.accountId, accountKey, user.secret);
  return { user, token, sessionId: signedIn.body.sessionId as string, accountKey, code };
}

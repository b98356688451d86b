/**
 * Thin typed client side of OPAQUE (RFC 9807) over @serenity-kit/opaque, for the account's
 * authentication secret and for a recovery code's authentication secret.
 *
 * The OPAQUE password is base64url (unpadded) of a 32-byte secret that is already
 * uniformly random (2SKD output or HKDF of a 257-bit code), so no second expensive stretch
 * is run: key stretching is Argon2id with the smallest valid parameters
 * (m = 8 KiB, t = 1, p = 1). Registration and login must use the same setting.
 */

import * as opaque from '@serenity-kit/opaque';
import { toBase64Url } from '../../../shared/crypto/bytes';
import { OpaqueError } from '../../../shared/crypto/errors';
import type { SecretBytes } from '../../../shared/crypto/secret-bytes';

// Its WebAssembly is ready before any module that imports this one runs: every function below is synchronous. Only
// sign-up, sign-in, unlock, step-up and recovery import it; a command-line read, which needs none, never loads it.
await opaque.ready;

export const OPAQUE_KEY_STRETCHING = Object.freeze({
  'argon2id-custom': Object.freeze({ iterations: 1, memory: 8, parallelism: 1 }),
});

function keyStretching() {
  const p = OPAQUE_KEY_STRETCHING['argon2id-custom'];
  return { 'argon2id-custom': { iterations: p.iterations, memory: p.memory, parallelism: p.parallelism } };
}

/** The OPAQUE password string for a 32-byte secret. */
export function opaquePassword(secret: SecretBytes): string {
  return toBase64Url(secret.expose());
}

export interface OpaqueRegistrationStart {
  /** Keep on the client until finish (secret). */
  readonly clientRegistrationState: string;
  /** Send to the server. */
  readonly registrationRequest: string;
}

export function opaqueStartRegistration(secret: SecretBytes): OpaqueRegistrationStart {
  return wrap(() => opaque.client.startRegistration({ password: opaquePassword(secret) }));
}

export interface OpaqueRegistrationFinish {
  /** Send to the server: it stores this record. */
  readonly registrationRecord: string;
  readonly serverStaticPublicKey: string;
}

export function opaqueFinishRegistration(args: {
  secret: SecretBytes;
  clientRegistrationState: string;
  registrationResponse: string;
}): OpaqueRegistrationFinish {
  const r = wrap(() =>
    opaque.client.finishRegistration({
      password: opaquePassword(args.secret),
      clientRegistrationState: args.clientRegistrationState,
      registrationResponse: args.registrationResponse,
      keyStretching: keyStretching(),
    }),
  );
  return { registrationRecord: r.registrationRecord, serverStaticPublicKey: r.serverStaticPublicKey };
}

export interface OpaqueLoginStart {
  readonly clientLoginState: string;
  readonly startLoginRequest: string;
}

export function opaqueStartLogin(secret: SecretBytes): OpaqueLoginStart {
  return wrap(() => opaque.client.startLogin({ password: opaquePassword(secret) }));
}

export interface OpaqueLoginFinish {
  /** Send to the server. */
  readonly finishLoginRequest: string;
  /** Shared with the server after its finish step; never sent. */
  readonly sessionKey: string;
  readonly serverStaticPublicKey: string;
}

/**
 * Login step 3. Throws OpaqueError if the secret is wrong, or if `expectedServerPublicKey`
 * is given and the server's static key differs (a server substitution).
 */
export function opaqueFinishLogin(args: {
  secret: SecretBytes;
  clientLoginState: string;
  loginResponse: string;
  expectedServerPublicKey?: string;
}): OpaqueLoginFinish {
  const r = wrap(() =>
    opaque.client.finishLogin({
      password: opaquePassword(args.secret),
      clientLoginState: args.clientLoginState,
      loginResponse: args.loginResponse,
      keyStretching: keyStretching(),
    }),
  );
  if (!r) throw new OpaqueError('OPAQUE login failed: wrong credentials');
  if (args.expectedServerPublicKey !== undefined && r.serverStaticPublicKey !== args.expectedServerPublicKey) {
    throw new OpaqueError('OPAQUE login failed: unexpected server key');
  }
  return { finishLoginRequest: r.finishLoginRequest, sessionKey: r.sessionKey, serverStaticPublicKey: r.serverStaticPublicKey };
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch {
    throw new OpaqueError('OPAQUE client step failed');
  }
}

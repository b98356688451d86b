/**
 * Thin typed server side of OPAQUE (RFC 9807) over @serenity-kit/opaque. Used by the sync
 * server for both account passwords and recovery-code authentication secrets. All values
 * are the library's base64url strings. Call `opaqueServerReady()` once before use.
 */

import * as opaque from '@serenity-kit/opaque';
import { OpaqueError } from './errors';

export function opaqueServerReady(): Promise<void> {
  return opaque.ready;
}

/** The server's long-term OPAQUE setup (contains its private key and OPRF seed: a server secret). */
export function createOpaqueServerSetup(): string {
  return opaque.server.createSetup();
}

export function opaqueServerPublicKey(serverSetup: string): string {
  return wrap(() => opaque.server.getPublicKey(serverSetup));
}

/**
 * Registration step 2 (server). `userIdentifier` must be stable per credential, e.g.
 * "account:<accountId>" or "recovery:<accountId>".
 */
export function opaqueServerRegistrationResponse(args: {
  serverSetup: string;
  userIdentifier: string;
  registrationRequest: string;
}): { registrationResponse: string } {
  return wrap(() => opaque.server.createRegistrationResponse(args));
}

/**
 * Login step 2 (server). Pass `registrationRecord: null` for an unknown user: the library
 * answers with a fake response so that unknown users are indistinguishable.
 * Keep `serverLoginState` secret and short-lived; it is needed by opaqueServerFinishLogin.
 */
export function opaqueServerStartLogin(args: {
  serverSetup: string;
  userIdentifier: string;
  registrationRecord: string | null;
  startLoginRequest: string;
}): { serverLoginState: string; loginResponse: string } {
  return wrap(() => opaque.server.startLogin(args));
}

/** Login step 4 (server). Throws OpaqueError if the client did not know the password. */
export function opaqueServerFinishLogin(args: { serverLoginState: string; finishLoginRequest: string }): {
  sessionKey: string;
} {
  return wrap(() => opaque.server.finishLogin(args));
}

/** A login start request of the server's own, made once: the probe `opaqueRecordIsValid` starts a login with. */
let probeRequest: string | undefined;

/**
 * Whether the library can deserialise `registrationRecord` (the client's public key must be a
 * valid ristretto255 point): it starts a login against the record with a throwaway request and
 * keeps nothing. The record's exact length is the caller's check; the library accepts extra bytes.
 */
export function opaqueRecordIsValid(serverSetup: string, registrationRecord: string): boolean {
  probeRequest ??= opaque.client.startLogin({ password: 'record-probe' }).startLoginRequest;
  try {
    opaque.server.startLogin({ serverSetup, userIdentifier: 'record-probe', registrationRecord, startLoginRequest: probeRequest });
    return true;
  } catch {
    return false;
  }
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch {
    throw new OpaqueError('OPAQUE server step failed');
  }
}

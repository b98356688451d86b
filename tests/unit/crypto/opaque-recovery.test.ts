import * as opaque from '@serenity-kit/opaque';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/shared/crypto/bytes';
import { OpaqueError } from '../../../src/shared/crypto/errors';
import {
  createOpaqueServerSetup,
  opaqueServerFinishLogin,
  opaqueServerPublicKey,
  opaqueServerRegistrationResponse,
  opaqueServerStartLogin,
} from '../../../src/shared/crypto/opaque-server';
import { formatRecoveryCode, generateRecoveryCode, parseRecoveryCode } from '../../../src/shared/crypto/recovery-code';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { generateAccountKey, unwrapAccountKey } from '../../../src/main/core/crypto/account-key';
import {
  opaqueFinishLogin,
  opaqueFinishRegistration,
  opaquePassword,
  opaqueStartLogin,
  opaqueStartRegistration,
} from '../../../src/main/core/crypto/opaque-client';
import {
  deriveRecoveryKeys,
  finishRecoverySetup,
  rewrapAccountKeyAfterRecovery,
  startRecoverySetup,
  unwrapAccountKeyWithRecovery,
} from '../../../src/main/core/crypto/recovery';
import { initCrypto, systemRandom } from '../../../src/main/core/crypto/sodium';

beforeAll(initCrypto);

const serverSetup = (() => {
  let s: string | undefined;
  return () => (s ??= createOpaqueServerSetup());
})();

function register(secret: SecretBytes, userIdentifier: string): string {
  const start = opaqueStartRegistration(secret);
  const { registrationResponse } = opaqueServerRegistrationResponse({
    serverSetup: serverSetup(),
    userIdentifier,
    registrationRequest: start.registrationRequest,
  });
  return opaqueFinishRegistration({ secret, clientRegistrationState: start.clientRegistrationState, registrationResponse })
    .registrationRecord;
}

function login(secret: SecretBytes, userIdentifier: string, record: string | null, expectedServerPublicKey?: string) {
  const c = opaqueStartLogin(secret);
  const s = opaqueServerStartLogin({
    serverSetup: serverSetup(),
    userIdentifier,
    registrationRecord: record,
    startLoginRequest: c.startLoginRequest,
  });
  const f = opaqueFinishLogin({
    secret,
    clientLoginState: c.clientLoginState,
    loginResponse: s.loginResponse,
    ...(expectedServerPublicKey ? { expectedServerPublicKey } : {}),
  });
  const server = opaqueServerFinishLogin({ serverLoginState: s.serverLoginState, finishLoginRequest: f.finishLoginRequest });
  return { client: f.sessionKey, server: server.sessionKey };
}

describe('OPAQUE helpers', () => {
  it('register and log in with a 32-byte secret; wrong secret and unknown user fail; server key pinned', () => {
    const secret = new SecretBytes(systemRandom(32));
    const record = register(secret, 'account:AAAAAA');
    const pk = opaqueServerPublicKey(serverSetup());
    const ok = login(secret, 'account:AAAAAA', record, pk);
    expect(ok.client).toBe(ok.server);
    expect(() => login(new SecretBytes(systemRandom(32)), 'account:AAAAAA', record)).toThrow(OpaqueError);
    expect(() => login(secret, 'account:AAAAAA', null)).toThrow(OpaqueError);
    expect(() => login(secret, 'account:AAAAAA', record, opaqueServerPublicKey(createOpaqueServerSetup()))).toThrow(OpaqueError);
  });

  it('uses the cheapest key stretching (registration + login well under one Argon2id at the floor)', () => {
    const secret = new SecretBytes(systemRandom(32));
    const t = performance.now();
    const record = register(secret, 'u');
    login(secret, 'u', record);
    expect(performance.now() - t).toBeLessThan(150);
    // The library default ("memory-constrained") derives a different key: the setting is in effect.
    const c = opaque.client.startLogin({ password: opaquePassword(secret) });
    const s = opaque.server.startLogin({ serverSetup: serverSetup(), userIdentifier: 'u', registrationRecord: record, startLoginRequest: c.startLoginRequest });
    expect(opaque.client.finishLogin({ clientLoginState: c.clientLoginState, loginResponse: s.loginResponse, password: opaquePassword(secret), keyStretching: 'memory-constrained' })).toBeUndefined();
  });
});

describe('recovery code: pending credential and use', () => {
  it('setup then use recovers the same account key under a new AUK; the code stays valid', () => {
    const accountId = 'RCVRY1';
    const accountKey = generateAccountKey();
    const code = generateRecoveryCode(systemRandom);
    const shown = formatRecoveryCode(code);

    // Setup: the client uploads a pending credential.
    const { keys, registration } = startRecoverySetup(code);
    const { registrationResponse } = opaqueServerRegistrationResponse({
      serverSetup: serverSetup(),
      userIdentifier: `recovery:${accountId}`,
      registrationRequest: registration.registrationRequest,
    });
    const pending = finishRecoverySetup({
      keys,
      clientRegistrationState: registration.clientRegistrationState,
      registrationResponse,
      accountKey,
      accountId,
    });
    keys.dispose();
    expect(pending.wrappedAccountKey.length).toBe(74);
    expect(pending.wrappedAccountKey[1]).toBe(0x02);

    // Use, twice (the code is reusable): typed sloppily, proves possession, unwraps, re-wraps.
    for (let round = 0; round < 2; round++) {
      const typed = shown.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
      const k = deriveRecoveryKeys(parseRecoveryCode(typed));
      const s = login(k.authSecret, `recovery:${accountId}`, pending.registrationRecord);
      expect(s.client).toBe(s.server);
      const newAuk = new SecretBytes(systemRandom(32));
      const r = rewrapAccountKeyAfterRecovery({ recoveryWrapped: pending.wrappedAccountKey, keys: k, newAccountUnlockKey: newAuk, accountId });
      expect(toHex(r.accountKey.expose())).toBe(toHex(accountKey.expose()));
      expect(toHex(unwrapAccountKey(r.wrappedAccountKey, newAuk, accountId).expose())).toBe(toHex(accountKey.expose()));
    }

    // Another code neither authenticates nor unwraps.
    const wrong = deriveRecoveryKeys(generateRecoveryCode(systemRandom));
    expect(() => login(wrong.authSecret, `recovery:${accountId}`, pending.registrationRecord)).toThrow(OpaqueError);
    expect(() => unwrapAccountKeyWithRecovery(pending.wrappedAccountKey, wrong, accountId)).toThrow(/Decryption failed/);
  });

  it('wrapping key and auth secret are independent HKDF outputs', () => {
    const k = deriveRecoveryKeys(generateRecoveryCode(systemRandom));
    expect(toHex(k.wrappingKey.expose())).not.toBe(toHex(k.authSecret.expose()));
    expect(fromHex(toHex(k.authSecret.expose())).length).toBe(32);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { ARGON2ID_FLOOR, assertArgon2idParams } from '../../../src/shared/crypto/argon2-params';
import { fromHex, toHex, utf8 } from '../../../src/shared/crypto/bytes';
import { KdfParamsError } from '../../../src/shared/crypto/errors';
import { normaliseEmail, normalisePassword } from '../../../src/shared/crypto/normalise';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { parseSecretKey } from '../../../src/shared/crypto/secret-key';
import { argon2id } from '../../../src/main/core/crypto/argon2';
import { combineAccountKeys, deriveAccountKeys, deriveArgon2Salt, deriveSecretKeyHalf } from '../../../src/main/core/crypto/derivation';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { readDocVectors } from './doc-vectors';
import type { Vectors } from './vector-cases';

const vectors = readDocVectors() as unknown as Vectors;

beforeAll(initCrypto);

describe('Argon2id parameter floor', () => {
  const below = [
    { ...ARGON2ID_FLOOR, memoryKiB: 65535 },
    { ...ARGON2ID_FLOOR, iterations: 2 },
    { ...ARGON2ID_FLOOR, parallelism: 1 },
    { memoryKiB: 19456, iterations: 2, parallelism: 1 },
    { ...ARGON2ID_FLOOR, memoryKiB: 65536.5 },
    { ...ARGON2ID_FLOOR, iterations: Number.NaN },
    { ...ARGON2ID_FLOOR, memoryKiB: 1048577 },
    { ...ARGON2ID_FLOOR, parallelism: 17 },
  ];
  it.each(below)('refuses %o with a typed error, before any work', async (params) => {
    expect(() => assertArgon2idParams(params)).toThrow(KdfParamsError);
    await expect(argon2id(utf8('pw'), new Uint8Array(32), params)).rejects.toMatchObject({ code: 'KDF_PARAMS_REJECTED' });
    const start = performance.now();
    await expect(
      deriveAccountKeys({
        password: 'pw',
        email: 'a@b.c',
        serverSalt: new Uint8Array(16),
        params,
        secretKey: parseSecretKey(vectors.secretKey.formatted),
      }),
    ).rejects.toBeInstanceOf(KdfParamsError);
    expect(performance.now() - start).toBeLessThan(50);
  });

  it('accepts the floor and stronger settings', () => {
    expect(assertArgon2idParams(ARGON2ID_FLOOR)).toEqual(ARGON2ID_FLOOR);
    expect(assertArgon2idParams({ memoryKiB: 262144, iterations: 4, parallelism: 4 })).toBeTruthy();
  });
});

describe('two-secret key derivation', () => {
  it('the public API reproduces the vector from equivalent typed inputs (NFC password, other email case)', async () => {
    const keys = await deriveAccountKeys({
      password: vectors.twoSkd.password.normalize('NFC'),
      email: vectors.twoSkd.email.toUpperCase(),
      serverSalt: fromHex(vectors.twoSkd.serverSalt),
      params: vectors.twoSkd.argon2,
      secretKey: parseSecretKey(vectors.secretKey.typed.toLowerCase()),
    });
    expect(toHex(keys.accountUnlockKey.expose())).toBe(vectors.twoSkd.accountUnlockKey);
    expect(toHex(keys.authSecret.expose())).toBe(vectors.twoSkd.authSecret);
    keys.dispose();
    expect(keys.accountUnlockKey.disposed).toBe(true);
  });

  it('normalises password (NFKD, trim) and email (trim, lower, NFKD)', () => {
    expect(normalisePassword(' \u00c5ngstr\u00f6m\u2002')).toBe(normalisePassword('A\u030angstro\u0308m'));
    expect(normaliseEmail(' Alice@Example.COM\n')).toBe('alice@example.com');
    expect(toHex(deriveArgon2Salt(new Uint8Array(16), 'A@B.C '))).toBe(toHex(deriveArgon2Salt(new Uint8Array(16), 'a@b.c')));
    expect(toHex(deriveArgon2Salt(new Uint8Array(16), 'a@b.c'))).not.toBe(toHex(deriveArgon2Salt(new Uint8Array(16), 'a@b.d')));
  });

  it('neither half alone determines the outputs; AUK and auth secret are independent', () => {
    const pwHalf = fromHex(vectors.twoSkd.passwordHalf);
    const skA = deriveSecretKeyHalf(parseSecretKey(vectors.secretKey.formatted));
    const skB = deriveSecretKeyHalf(parseSecretKey('K1-4FFP7K-S3D0E8-J9TQ2-M5HXW-R7C4V-QN6Y2'));
    const otherAccount = deriveSecretKeyHalf(parseSecretKey('K1-4FFP7M-S3D0E8-J9TQ2-M5HXW-R7C4V-QN6Y1'));
    expect(toHex(skA.expose())).not.toBe(toHex(skB.expose()));
    expect(toHex(skA.expose())).not.toBe(toHex(otherAccount.expose()));
    const a = combineAccountKeys(pwHalf, skA.expose(), '4FFP7K');
    const b = combineAccountKeys(pwHalf, skB.expose(), '4FFP7K');
    const c = combineAccountKeys(new Uint8Array(32), skA.expose(), '4FFP7K');
    const all = [a, b, c].flatMap((k) => [toHex(k.accountUnlockKey.expose()), toHex(k.authSecret.expose())]);
    expect(new Set(all).size).toBe(6);
    expect(toHex(a.accountUnlockKey.expose())).toBe(vectors.twoSkd.accountUnlockKey);
  });

  it('rejects a short server salt', () => {
    expect(() => deriveArgon2Salt(new Uint8Array(8), 'a@b.c')).toThrow(/salt/);
  });

  it('keeps secrets out of strings', () => {
    const s = SecretBytes.copyOf(fromHex(vectors.twoSkd.accountUnlockKey));
    expect(String(s)).toBe('[redacted]');
    expect(JSON.stringify({ s })).toBe('{"s":"[redacted]"}');
  });
});

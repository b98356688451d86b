/**
 * The spec's own test vectors: recomputed from fixed inputs and compared to vectors.json,
 * which docs/security-design.md quotes. A test checks that the doc and the file agree.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/shared/crypto/bytes';
import { RecoveryCodeParseError } from '../../../src/shared/crypto/errors';
import { HKDF_LABELS } from '../../../src/shared/crypto/labels';
import { parseRecoveryCode } from '../../../src/shared/crypto/recovery-code';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { canonicalSecretKey, parseSecretKey } from '../../../src/shared/crypto/secret-key';
import { unwrapAccountKey } from '../../../src/main/core/crypto/account-key';
import { decryptKeyset, generateKeyset } from '../../../src/main/core/crypto/keyset';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { decryptVaultAttributes } from '../../../src/main/core/crypto/vault-items';
import { openVaultKey } from '../../../src/main/core/crypto/vault-keys';
import { openGroupKey } from '../../../src/main/core/crypto/family-group';
import { computeVectors, INPUTS, scriptedRandom, type Vectors } from './vector-cases';

const vectors = JSON.parse(readFileSync(fileURLToPath(new URL('./vectors.json', import.meta.url)), 'utf8')) as Vectors;
const doc = readFileSync(fileURLToPath(new URL('../../../docs/security-design.md', import.meta.url)), 'utf8');

beforeAll(initCrypto);

describe('published test vectors', () => {
  it('every vector recomputes from its fixed inputs (one Argon2id run)', async () => {
    const computed = await computeVectors();
    const { envelope: _grant, ...grant } = vectors.vaultKeyGrant;
    const { envelope: _group, ...group } = vectors.familyGroupKey;
    expect(computed).toEqual({ ...vectors, vaultKeyGrant: grant, familyGroupKey: group });
  });

  it('the frozen sealed vault-key grant opens to the published vault key', () => {
    const keyset = generateKeyset(INPUTS.keysetId, scriptedRandom(INPUTS.boxSecretKey, INPUTS.signSeed));
    const key = openVaultKey(fromHex(vectors.vaultKeyGrant.envelope), vectors.vaultKeyGrant.vaultId, keyset);
    expect(toHex(key.expose())).toBe(vectors.vaultKeyGrant.vaultKey);
  });

  it('the frozen sealed family group key opens, for the published group, to the published secret key', () => {
    const keyset = generateKeyset(INPUTS.keysetId, scriptedRandom(INPUTS.boxSecretKey, INPUTS.signSeed));
    const group = openGroupKey(fromHex(vectors.familyGroupKey.envelope), fromHex(vectors.familyGroupKey.groupPublicKey), keyset);
    expect(toHex(group.boxSecretKey.expose())).toBe(vectors.familyGroupKey.groupSecretKey);
  });

  it('the published envelopes open with the published keys (decoder side)', () => {
    const auk = SecretBytes.copyOf(fromHex(vectors.twoSkd.accountUnlockKey));
    const ak = unwrapAccountKey(fromHex(vectors.accountKeyWrap.envelope), auk, vectors.accountKeyWrap.accountId);
    expect(toHex(ak.expose())).toBe(vectors.accountKeyWrap.accountKey);
    const ks = decryptKeyset(
      {
        keysetId: vectors.keyset.keysetId,
        boxPublicKey: fromHex(vectors.keyset.boxPublicKey),
        signPublicKey: fromHex(vectors.keyset.signPublicKey),
        encryptedPrivateKeys: fromHex(vectors.keyset.envelope),
      },
      ak,
      vectors.accountKeyWrap.accountId,
    );
    expect(toHex(ks.boxSecretKey.expose())).toBe(vectors.keyset.boxSecretKey);
    const { vaultAttributes: attributes } = vectors;
    expect(decryptVaultAttributes(SecretBytes.copyOf(fromHex(attributes.vaultKey)), attributes.vaultId, fromHex(attributes.envelope))).toEqual(JSON.parse(attributes.plaintext));
    // Bound to its vault: the same envelope does not open as another vault's name.
    expect(() => decryptVaultAttributes(SecretBytes.copyOf(fromHex(attributes.vaultKey)), 'vault_other', fromHex(attributes.envelope))).toThrow();
  });

  it('Secret Key variants parse to the canonical form', () => {
    for (const typed of [vectors.secretKey.typed, ...vectors.secretKey.typedVariants]) {
      expect(canonicalSecretKey(parseSecretKey(typed))).toBe(vectors.secretKey.canonical);
    }
  });

  it('recovery-code typo examples name the published groups', () => {
    for (const ex of vectors.recoveryCode.typoExamples) {
      let err: unknown;
      try {
        parseRecoveryCode(ex.typed);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RecoveryCodeParseError);
      expect((err as RecoveryCodeParseError).groups).toEqual(ex.badGroups);
    }
  });

  it('docs/security-design.md quotes every vector value and every HKDF label', () => {
    const missing: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') {
        if (v.length >= 8 && !doc.includes(v) && !doc.includes(JSON.stringify(v).slice(1, -1))) missing.push(v);
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(vectors);
    for (const label of Object.values(HKDF_LABELS)) if (!doc.includes(`"${label}"`)) missing.push(label);
    expect(missing).toEqual([]);
  });
});

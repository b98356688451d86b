/**
 * The core chain's sections (Secret Key, recovery code, 2SKD, account key, keyset, grants,
 * family group key, item, vault attributes), computed together by vector-cases.ts (one
 * Argon2id run). The two sealed boxes are randomised by libsodium: kept once published.
 */

import { expect } from 'vitest';
import { fromHex, toHex } from '../../../../src/shared/crypto/bytes';
import { RecoveryCodeParseError } from '../../../../src/shared/crypto/errors';
import { parseRecoveryCode } from '../../../../src/shared/crypto/recovery-code';
import { SecretBytes } from '../../../../src/shared/crypto/secret-bytes';
import { canonicalSecretKey, parseSecretKey } from '../../../../src/shared/crypto/secret-key';
import { unwrapAccountKey } from '../../../../src/main/core/crypto/account-key';
import { generateGroupKeyPair, openGroupKey, sealGroupKey } from '../../../../src/main/core/crypto/family-group';
import { decryptKeyset, generateKeyset } from '../../../../src/main/core/crypto/keyset';
import { decryptVaultAttributes } from '../../../../src/main/core/crypto/vault-items';
import { openVaultKey, sealVaultKey } from '../../../../src/main/core/crypto/vault-keys';
import { thrownBy } from '../../../support/thrown';
import { computeVectors, INPUTS, scriptedRandom, type Vectors } from '../vector-cases';
import type { VectorSection } from './section';

let once: ReturnType<typeof computeVectors> | undefined;
const computed = () => (once ??= computeVectors());
const recipient = () => generateKeyset(INPUTS.keysetId, scriptedRandom(INPUTS.boxSecretKey, INPUTS.signSeed));

function plain<K extends Exclude<keyof Vectors, 'vaultKeyGrant' | 'familyGroupKey'>>(
  name: K,
  check?: (v: Vectors[K], block: Vectors) => void,
): VectorSection {
  return { name, compute: async () => (await computed())[name], ...(check && { check: (v, block) => check(v as Vectors[K], block as unknown as Vectors) }) };
}

export const sections: VectorSection[] = [
  plain('secretKey', (v) => {
    for (const typed of [v.typed, ...v.typedVariants]) expect(canonicalSecretKey(parseSecretKey(typed))).toBe(v.canonical);
  }),
  plain('recoveryCode', (v) => {
    for (const ex of v.typoExamples) {
      const err = thrownBy(() => parseRecoveryCode(ex.typed));
      expect(err).toBeInstanceOf(RecoveryCodeParseError);
      expect((err as RecoveryCodeParseError).groups).toEqual(ex.badGroups);
    }
  }),
  plain('twoSkd'),
  plain('accountKeyWrap', (v, block) => {
    const auk = SecretBytes.copyOf(fromHex(block.twoSkd.accountUnlockKey));
    expect(toHex(unwrapAccountKey(fromHex(v.envelope), auk, v.accountId).expose())).toBe(v.accountKey);
  }),
  plain('recovery'),
  plain('keyset', (v) => {
    const ak = SecretBytes.copyOf(fromHex(INPUTS.accountKey));
    const ks = decryptKeyset(
      { keysetId: v.keysetId, boxPublicKey: fromHex(v.boxPublicKey), signPublicKey: fromHex(v.signPublicKey), encryptedPrivateKeys: fromHex(v.envelope) },
      ak,
      parseSecretKey(INPUTS.secretKeyTyped).accountId,
    );
    expect(toHex(ks.boxSecretKey.expose())).toBe(v.boxSecretKey);
  }),
  {
    name: 'vaultKeyGrant',
    compute: async (published) => {
      const envelope =
        (published as Vectors['vaultKeyGrant'] | undefined)?.envelope ??
        toHex(sealVaultKey(SecretBytes.copyOf(fromHex(INPUTS.vaultKey)), INPUTS.vaultId, recipient().boxPublicKey));
      return { ...(await computed()).vaultKeyGrant, envelope };
    },
    check: (published) => {
      const v = published as Vectors['vaultKeyGrant'];
      expect(toHex(openVaultKey(fromHex(v.envelope), v.vaultId, recipient()).expose())).toBe(v.vaultKey);
    },
  },
  {
    name: 'familyGroupKey',
    compute: async (published) => {
      const envelope =
        (published as Vectors['familyGroupKey'] | undefined)?.envelope ??
        toHex(sealGroupKey(generateGroupKeyPair(scriptedRandom(INPUTS.groupSecretKey)), recipient().boxPublicKey));
      return { ...(await computed()).familyGroupKey, envelope };
    },
    check: (published) => {
      const v = published as Vectors['familyGroupKey'];
      expect(toHex(openGroupKey(fromHex(v.envelope), fromHex(v.groupPublicKey), recipient()).boxSecretKey.expose())).toBe(v.groupSecretKey);
    },
  },
  plain('item'),
  plain('vaultAttributes', (v) => {
    const key = () => SecretBytes.copyOf(fromHex(v.vaultKey));
    expect(decryptVaultAttributes(key(), v.vaultId, fromHex(v.envelope))).toEqual(JSON.parse(v.plaintext));
    // Bound to its vault: the same envelope does not open as another vault's attributes.
    expect(thrownBy(() => decryptVaultAttributes(key(), 'vault_other', fromHex(v.envelope)))).toBeInstanceOf(Error);
  }),
];

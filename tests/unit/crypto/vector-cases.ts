/**
 * Computes the core chain of the published test vectors (§15 of docs/security-design.md) from
 * fixed inputs; vector-sections/core.ts publishes them as sections of the doc's vector block.
 * Fixed randomness: every nonce and key below is an explicit input.
 */

import { accountKeyAad, keysetAad, recoveryWrapAad, vaultAttributesAad } from '../../../src/shared/crypto/aad';
import { ARGON2ID_FLOOR } from '../../../src/shared/crypto/argon2-params';
import { fromHex, toBase64Url, toHex, utf8 } from '../../../src/shared/crypto/bytes';
import { formatRecoveryCode, parseRecoveryCode } from '../../../src/shared/crypto/recovery-code';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { canonicalSecretKey, formatSecretKey, parseSecretKey } from '../../../src/shared/crypto/secret-key';
import { wrapAccountKey } from '../../../src/main/core/crypto/account-key';
import { argon2id } from '../../../src/main/core/crypto/argon2';
import {
  combineAccountKeys,
  deriveArgon2Salt,
  deriveSecretKeyHalf,
} from '../../../src/main/core/crypto/derivation';
import { generateGroupKeyPair } from '../../../src/main/core/crypto/family-group';
import { encryptKeyset, generateKeyset } from '../../../src/main/core/crypto/keyset';
import { opaquePassword } from '../../../src/main/core/crypto/opaque-client';
import { deriveRecoveryKeys, wrapAccountKeyForRecovery } from '../../../src/main/core/crypto/recovery';
import { encryptVaultAttributes } from '../../../src/main/core/crypto/vault-items';
import { normalisePassword } from '../../../src/shared/crypto/normalise';

/** A RandomSource that returns the given chunks in order (one per call). */
export function scriptedRandom(...chunks: string[]): (n: number) => Uint8Array {
  const queue = chunks.map(fromHex);
  return (n) => {
    const next = queue.shift();
    if (!next || next.length !== n) throw new Error(`scripted random: expected a ${n}-byte chunk`);
    return next;
  };
}

export const INPUTS = {
  secretKeyTyped: 'k1-4ffp7k-s3d0e8-j9tq2-m5hxw-r7c4v-qn6y1',
  secretKeyTypedVariants: ['K1 4FFP7K S3DOE8 J9TQ2 M5HXW R7C4V QN6YI', 'k1—4ffp7k—s3d0e8j9tq2m5hxwr7c4vqn6yl'],
  recoveryData: 'G7XM2Q9T0AB4KPRW8N5VSDFH1Y3CJE6M7T2QX9A0B4K8PWRN5VDS',
  password: '  Corr\u00e9ct h\u00f6rse \ufb01 battery staple\u2003',
  email: '  Alice.Liddell@Example.COM ',
  /** 32 bytes, as the server draws them (§7). */
  serverSalt: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  accountKey: 'c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf',
  nonceAuk: '101112131415161718191a1b1c1d1e1f2021222324252627',
  nonceRecovery: '202122232425262728292a2b2c2d2e2f3031323334353637',
  nonceKeyset: '303132333435363738393a3b3c3d3e3f4041424344454647',
  nonceVaultAttributes: '606162636465666768696a6b6c6d6e6f7071727374757677',
  vaultName: 'Household',
  keysetId: 'ks_01',
  boxSecretKey: '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
  signSeed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  /** Vault and item ids as the server accepts them: 16 random bytes, unpadded base64url. */
  vaultIdBytes: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
  vaultId: toBase64Url(fromHex('f0e1d2c3b4a5968778695a4b3c2d1e0f')),
  itemIdBytes: '0123456789abcdeffedcba9876543210',
  itemId: toBase64Url(fromHex('0123456789abcdeffedcba9876543210')),
  itemVersion: 3,
  vaultKey: 'a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf',
  groupSecretKey: '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb',
} as const;

export interface Vectors {
  secretKey: { typed: string; typedVariants: string[]; formatted: string; canonical: string; accountId: string };
  recoveryCode: { dataSymbols: string; formatted: string; canonical: string; typoExamples: { typed: string; badGroups: number[] }[] };
  twoSkd: {
    password: string;
    passwordNormalisedHex: string;
    email: string;
    serverSalt: string;
    argon2: { memoryKiB: number; iterations: number; parallelism: number };
    /** The KDF description as the server sends it (§6): the Argon2id parameters and serverSalt as base64url. */
    kdf: { algorithm: 'argon2id'; memoryKiB: number; iterations: number; parallelism: number; salt: string };
    secretKey: string;
    argon2Salt: string;
    passwordHalf: string;
    secretKeyHalf: string;
    accountUnlockKey: string;
    authSecret: string;
    opaquePassword: string;
  };
  accountKeyWrap: { accountKey: string; accountId: string; accountUnlockKey: string; nonce: string; aad: string; envelope: string };
  recovery: {
    canonical: string;
    accountKey: string;
    accountId: string;
    wrappingKey: string;
    authSecret: string;
    opaquePassword: string;
    nonce: string;
    aad: string;
    envelope: string;
  };
  keyset: {
    keysetId: string;
    accountKey: string;
    accountId: string;
    boxSecretKey: string;
    signSeed: string;
    boxPublicKey: string;
    signPublicKey: string;
    nonce: string;
    aad: string;
    envelope: string;
  };
  vaultKeyGrant: { vaultIdBytes: string; vaultId: string; vaultKey: string; recipientBoxSecretKey: string; plaintext: string; envelope: string };
  familyGroupKey: { groupSecretKey: string; groupPublicKey: string; recipientBoxSecretKey: string; plaintext: string; envelope: string };
  vaultAttributes: { vaultIdBytes: string; vaultId: string; vaultKey: string; plaintext: string; nonce: string; aad: string; envelope: string };
}

/** The sealed boxes, randomised by libsodium: generated once, then kept in the doc's block. */
export type SealedVectors = 'vaultKeyGrant' | 'familyGroupKey';

/** Everything except the sealed boxes' envelopes. */
export async function computeVectors(): Promise<Omit<Vectors, SealedVectors> & { [K in SealedVectors]: Omit<Vectors[K], 'envelope'> }> {
  const I = INPUTS;
  const sk = parseSecretKey(I.secretKeyTyped);
  const accountId = sk.accountId;

  const code = parseRecoveryCode(`R1${codeBody(I.recoveryData)}`);
  const formattedCode = formatRecoveryCode(code);

  const serverSalt = fromHex(I.serverSalt);
  const argon2Salt = deriveArgon2Salt(serverSalt, I.email);
  const pwBytes = utf8(normalisePassword(I.password));
  const passwordHalf = await argon2id(pwBytes, argon2Salt, ARGON2ID_FLOOR);
  const skHalf = deriveSecretKeyHalf(sk);
  const keys = combineAccountKeys(passwordHalf, skHalf.expose(), accountId);

  const accountKey = SecretBytes.copyOf(fromHex(I.accountKey));
  const aukEnvelope = wrapAccountKey(accountKey, keys.accountUnlockKey, accountId, scriptedRandom(I.nonceAuk));

  const rkeys = deriveRecoveryKeys(code);
  const recEnvelope = wrapAccountKeyForRecovery(accountKey, rkeys, accountId, scriptedRandom(I.nonceRecovery));

  const keyset = generateKeyset(I.keysetId, scriptedRandom(I.boxSecretKey, I.signSeed));
  const encKeyset = encryptKeyset(keyset, accountKey, accountId, scriptedRandom(I.nonceKeyset));

  const vaultKey = SecretBytes.copyOf(fromHex(I.vaultKey));
  const groupPublicKey = generateGroupKeyPair(scriptedRandom(I.groupSecretKey)).boxPublicKey;

  return {
    secretKey: {
      typed: I.secretKeyTyped,
      typedVariants: [...I.secretKeyTypedVariants],
      formatted: formatSecretKey(sk),
      canonical: canonicalSecretKey(sk),
      accountId,
    },
    recoveryCode: {
      dataSymbols: I.recoveryData,
      formatted: formattedCode,
      canonical: String.fromCharCode(...code.canonical.expose()),
      typoExamples: typoExamples(formattedCode),
    },
    twoSkd: {
      password: I.password,
      passwordNormalisedHex: toHex(pwBytes),
      email: I.email,
      serverSalt: I.serverSalt,
      argon2: { ...ARGON2ID_FLOOR },
      kdf: { algorithm: 'argon2id', ...ARGON2ID_FLOOR, salt: toBase64Url(serverSalt) },
      secretKey: formatSecretKey(sk),
      argon2Salt: toHex(argon2Salt),
      passwordHalf: toHex(passwordHalf),
      secretKeyHalf: toHex(skHalf.expose()),
      accountUnlockKey: toHex(keys.accountUnlockKey.expose()),
      authSecret: toHex(keys.authSecret.expose()),
      opaquePassword: opaquePassword(keys.authSecret),
    },
    accountKeyWrap: {
      accountKey: I.accountKey,
      accountId,
      accountUnlockKey: toHex(keys.accountUnlockKey.expose()),
      nonce: I.nonceAuk,
      aad: toHex(accountKeyAad(accountId)),
      envelope: toHex(aukEnvelope),
    },
    recovery: {
      canonical: String.fromCharCode(...code.canonical.expose()),
      accountKey: I.accountKey,
      accountId,
      wrappingKey: toHex(rkeys.wrappingKey.expose()),
      authSecret: toHex(rkeys.authSecret.expose()),
      opaquePassword: opaquePassword(rkeys.authSecret),
      nonce: I.nonceRecovery,
      aad: toHex(recoveryWrapAad(accountId)),
      envelope: toHex(recEnvelope),
    },
    keyset: {
      keysetId: I.keysetId,
      accountKey: I.accountKey,
      accountId,
      boxSecretKey: I.boxSecretKey,
      signSeed: I.signSeed,
      boxPublicKey: toHex(keyset.boxPublicKey),
      signPublicKey: toHex(keyset.signPublicKey),
      nonce: I.nonceKeyset,
      aad: toHex(keysetAad(accountId, I.keysetId, keyset.boxPublicKey, keyset.signPublicKey)),
      envelope: toHex(encKeyset.encryptedPrivateKeys),
    },
    vaultKeyGrant: {
      vaultIdBytes: I.vaultIdBytes,
      vaultId: I.vaultId,
      vaultKey: I.vaultKey,
      recipientBoxSecretKey: I.boxSecretKey,
      plaintext: toHex(new Uint8Array([...fromHex(I.vaultKey), ...utf8(I.vaultId)])),
    },
    familyGroupKey: {
      groupSecretKey: I.groupSecretKey,
      groupPublicKey: toHex(groupPublicKey),
      recipientBoxSecretKey: I.boxSecretKey,
      plaintext: toHex(new Uint8Array([...fromHex(I.groupSecretKey), ...groupPublicKey])),
    },
    vaultAttributes: {
      vaultIdBytes: I.vaultIdBytes,
      vaultId: I.vaultId,
      vaultKey: I.vaultKey,
      plaintext: JSON.stringify({ name: I.vaultName }),
      nonce: I.nonceVaultAttributes,
      aad: toHex(vaultAttributesAad(I.vaultId)),
      envelope: toHex(encryptVaultAttributes(vaultKey, I.vaultId, { name: I.vaultName }, scriptedRandom(I.nonceVaultAttributes))),
    },
  };
}

/** Inserts the check symbols: 52 data symbols → 65-symbol body. */
function codeBody(data: string): string {
  // Use the library's own check computation through recoveryCodeFromData's public twin.
  const ALPHA = '0123456789ABCDEFGHJKMNPQRSTVWXY';
  let body = '';
  for (let g = 0; g < 13; g++) {
    const d = [...data.slice(g * 4, g * 4 + 4)].map((c) => ALPHA.indexOf(c));
    let s = g + 1;
    d.forEach((v, i) => (s += (i + 1) * v));
    const check = (((-s * 25) % 31) + 31) % 31;
    body += data.slice(g * 4, g * 4 + 4) + ALPHA[check]!;
  }
  return body;
}

function typoExamples(formatted: string): { typed: string; badGroups: number[] }[] {
  const chars = [...formatted];
  // Substitute the 2nd symbol of group 3 (index: "R1-" + 2 groups of 6 chars + 1).
  const sub = [...chars];
  const i = 3 + 2 * 6 + 1;
  sub[i] = sub[i] === 'A' ? 'B' : 'A';
  // Swap the 3rd and 4th symbols of group 7 (choose a group where they differ).
  const swp = [...chars];
  let g = 6;
  while (swp[3 + g * 6 + 2] === swp[3 + g * 6 + 3]) g++;
  const j = 3 + g * 6 + 2;
  [swp[j], swp[j + 1]] = [swp[j + 1]!, swp[j]!];
  return [
    { typed: sub.join(''), badGroups: [3] },
    { typed: swp.join(''), badGroups: [g + 1] },
  ];
}

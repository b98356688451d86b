/**
 * Regenerates tests/unit/crypto/vectors.json: `npx tsx tests/unit/crypto/generate-vectors.ts`.
 * Only needed when a construction changes (which requires a new format version). The sealed
 * boxes (vault-key grant, family group key) are randomised by libsodium, so existing ones are kept.
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromHex, toHex } from '../../../src/shared/crypto/bytes';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { sealVaultKey } from '../../../src/main/core/crypto/vault-keys';
import { generateGroupKeyPair, sealGroupKey } from '../../../src/main/core/crypto/family-group';
import { generateKeyset } from '../../../src/main/core/crypto/keyset';
import { computeVectors, INPUTS, scriptedRandom, type Vectors } from './vector-cases';

const path = fileURLToPath(new URL('./vectors.json', import.meta.url));

await initCrypto();
const computed = await computeVectors();
const frozen = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Partial<Vectors>) : {};
const recipient = generateKeyset(INPUTS.keysetId, scriptedRandom(INPUTS.boxSecretKey, INPUTS.signSeed));
const vaultKeyGrant = frozen.vaultKeyGrant?.envelope ?? toHex(sealVaultKey(SecretBytes.copyOf(fromHex(INPUTS.vaultKey)), INPUTS.vaultId, recipient.boxPublicKey));
const familyGroupKey = frozen.familyGroupKey?.envelope ?? toHex(sealGroupKey(generateGroupKeyPair(scriptedRandom(INPUTS.groupSecretKey)), recipient.boxPublicKey));
const vectors: Vectors = {
  ...computed,
  vaultKeyGrant: { ...computed.vaultKeyGrant, envelope: vaultKeyGrant },
  familyGroupKey: { ...computed.familyGroupKey, envelope: familyGroupKey },
};
writeFileSync(path, JSON.stringify(vectors, null, 2) + '\n');
console.log(`wrote ${path}`);

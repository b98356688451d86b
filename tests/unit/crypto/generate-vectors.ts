/**
 * Regenerates tests/unit/crypto/vectors.json: `npx tsx tests/unit/crypto/generate-vectors.ts`.
 * Only needed when a construction changes (which requires a new format version). The sealed
 * vault-key grant is randomised by libsodium, so an existing one is kept.
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromHex, toHex } from '../../../src/shared/crypto/bytes';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { sealVaultKey } from '../../../src/main/core/crypto/vault-keys';
import { generateKeyset } from '../../../src/main/core/crypto/keyset';
import { computeVectors, INPUTS, scriptedRandom, type Vectors } from './vector-cases';

const path = fileURLToPath(new URL('./vectors.json', import.meta.url));

await initCrypto();
const computed = await computeVectors();
let envelope: string;
if (existsSync(path)) {
  envelope = (JSON.parse(readFileSync(path, 'utf8')) as Vectors).vaultKeyGrant.envelope;
} else {
  const keyset = generateKeyset(INPUTS.keysetId, scriptedRandom(INPUTS.boxSecretKey, INPUTS.signSeed));
  envelope = toHex(sealVaultKey(SecretBytes.copyOf(fromHex(INPUTS.vaultKey)), INPUTS.vaultId, keyset.boxPublicKey));
}
const vectors: Vectors = { ...computed, vaultKeyGrant: { ...computed.vaultKeyGrant, envelope } };
writeFileSync(path, JSON.stringify(vectors, null, 2) + '\n');
console.log(`wrote ${path}`);

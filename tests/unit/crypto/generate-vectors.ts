/**
 * Rewrites the vector block in §15 of docs/security-design.md in place:
 * `npx tsx tests/unit/crypto/generate-vectors.ts`. Every section of vector-sections/ is
 * recomputed from its named inputs; values libsodium randomises (sealed boxes) are kept from
 * the published block. If the block does not parse (say, a merge left conflict markers in
 * it), it is rebuilt from scratch and the sealed boxes are drawn anew.
 */

import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { readDocVectors, writeDocVectors, type VectorBlock } from './doc-vectors';
import { loadSections } from './vector-sections/registry';

await initCrypto();
let published: VectorBlock = {};
try {
  published = readDocVectors();
} catch (error) {
  console.warn(`the published block did not parse (${(error as Error).message}); rebuilding it`);
}
const block: VectorBlock = {};
for (const section of await loadSections()) block[section.name] = await section.compute(published[section.name]);
writeDocVectors(block);
console.log(`rewrote the vector block of docs/security-design.md (${Object.keys(block).length} sections)`);

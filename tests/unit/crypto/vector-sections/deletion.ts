/**
 * The deletion marker (envelope 0x0B, §8.4): the marker a device sends to delete the vector
 * item, so the tombstone's version is the item's version + 1. Ids are ones the server accepts.
 */

import { expect } from 'vitest';
import { itemAad } from '../../../../src/shared/crypto/aad';
import { fromHex, toHex } from '../../../../src/shared/crypto/bytes';
import { EnvelopeKind, envelopeKindName } from '../../../../src/shared/crypto/envelope';
import { SecretBytes } from '../../../../src/shared/crypto/secret-bytes';
import { deletionMarkerValid, sealDeletionMarker } from '../../../../src/main/core/crypto/vault-items';
import { INPUTS, scriptedRandom } from '../vector-cases';
import type { VectorSection } from './section';

const NONCE = 'a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7';

interface MarkerVector {
  kind: string;
  vaultKey: string;
  vaultId: string;
  itemId: string;
  /** The tombstone's version: the deleted item's last version + 1. */
  version: number;
  nonce: string;
  aad: string;
  envelope: string;
}

export const sections: VectorSection[] = [
  {
    name: 'deletionMarker',
    compute: (): MarkerVector => {
      const ctx = { vaultId: INPUTS.vaultId, itemId: INPUTS.itemId, version: INPUTS.itemVersion + 1 };
      const kind = EnvelopeKind.ItemDeletionMarker;
      const envelope = sealDeletionMarker(SecretBytes.copyOf(fromHex(INPUTS.vaultKey)), ctx, scriptedRandom(NONCE));
      return { kind: envelopeKindName(kind), vaultKey: INPUTS.vaultKey, ...ctx, nonce: NONCE, aad: toHex(itemAad(kind, ctx)), envelope: toHex(envelope) };
    },
    check: (published) => {
      const v = published as MarkerVector;
      const key = SecretBytes.copyOf(fromHex(v.vaultKey));
      const ctx = { vaultId: v.vaultId, itemId: v.itemId, version: v.version };
      expect(deletionMarkerValid(key, ctx, fromHex(v.envelope))).toBe(true);
      expect(deletionMarkerValid(key, { ...ctx, version: v.version - 1 }, fromHex(v.envelope))).toBe(false);
    },
  },
];

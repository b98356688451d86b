/** The organizer's signature over a family's recovery group key: what it covers, and that nothing else verifies. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateGroupKeyPair, groupKeyMessage, groupKeySignatureValid, signGroupKey } from '../../../src/main/core/crypto/family-group';
import { generateKeyset } from '../../../src/main/core/crypto/keyset';
import { initCrypto } from '../../../src/main/core/crypto/sodium';
import { concatBytes, fromHex, u64be } from '../../../src/shared/crypto/bytes';

beforeAll(initCrypto);

describe('group key signature', () => {
  it('signs the label, family id, generation and group key in the documented layout', () => {
    const groupPublicKey = fromHex('33'.repeat(32));
    const message = groupKeyMessage({ familyId: 'fam', generation: 2, groupPublicKey });
    expect(message).toEqual(concatBytes(Buffer.from('latchkey/v1/family/group-key'), Uint8Array.of(0, 3), Buffer.from('fam'), u64be(2), groupPublicKey));
    expect(() => groupKeyMessage({ familyId: '', generation: 1, groupPublicKey })).toThrow('Family id');
    expect(() => groupKeyMessage({ familyId: 'fam', generation: -1, groupPublicKey })).toThrow();
    expect(() => groupKeyMessage({ familyId: 'fam', generation: 1, groupPublicKey: new Uint8Array(33) })).toThrow('32 bytes');
  });

  it('verifies for the organizer and statement it was made for, and for nothing else', () => {
    const organizer = generateKeyset('primary');
    const stranger = generateKeyset('primary');
    const group = generateGroupKeyPair();
    const statement = { familyId: 'AAECAwQFBgcICQoLDA0ODw', generation: 1, groupPublicKey: group.boxPublicKey };
    const signature = signGroupKey(statement, organizer);
    expect(signature.length).toBe(64);
    expect(groupKeySignatureValid(statement, signature, organizer.signPublicKey)).toBe(true);
    // A server that names its own key, replays the key at another generation or in another family, or signs itself:
    expect(groupKeySignatureValid({ ...statement, groupPublicKey: generateGroupKeyPair().boxPublicKey }, signature, organizer.signPublicKey)).toBe(false);
    expect(groupKeySignatureValid({ ...statement, generation: 2 }, signature, organizer.signPublicKey)).toBe(false);
    expect(groupKeySignatureValid({ ...statement, familyId: 'AAECAwQFBgcICQoLDA0OEA' }, signature, organizer.signPublicKey)).toBe(false);
    expect(groupKeySignatureValid(statement, signGroupKey(statement, stranger), organizer.signPublicKey)).toBe(false);
    expect(groupKeySignatureValid(statement, signature, stranger.signPublicKey)).toBe(false);
    expect(groupKeySignatureValid(statement, signature.subarray(0, 63), organizer.signPublicKey)).toBe(false);
    expect(groupKeySignatureValid(statement, signature, organizer.signPublicKey.subarray(0, 31))).toBe(false);
  });

  it('accepts no other bytes as the signature, and never crashes (fuzzed)', () => {
    const organizer = generateKeyset('primary');
    const statement = { familyId: 'fam', generation: 7, groupPublicKey: generateGroupKeyPair().boxPublicKey };
    const signature = signGroupKey(statement, organizer);
    const flipped = fc.tuple(fc.nat({ max: 63 }), fc.integer({ min: 1, max: 255 })).map(([at, bits]) => {
      const copy = signature.slice();
      copy[at]! ^= bits;
      return copy;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ minLength: 64, maxLength: 64 }), flipped), (candidate) => {
        expect(groupKeySignatureValid(statement, candidate, organizer.signPublicKey)).toBe(false);
      }),
      { numRuns: 100_000 },
    );
  }, 60_000);
});

/**
 * The keyset's curves (§1, §8.2 of docs/security-design.md), through the keyset code itself:
 * - `x25519`: RFC 7748 §6.1 (Alice's and Bob's key pairs and their shared secret); Alice's is
 *   the core vectors' keyset box key, Bob's the family group key.
 * - `ed25519`: RFC 8032 §7.1 tests 1–3 (seed, public key, message, signature), signed with a
 *   keyset whose Ed25519 seed is the test's secret key.
 * Checks hold the results to the RFCs' own numbers and verify each signature, refusing it
 * after a one-byte change of the message or of the signature.
 */

import { expect } from 'vitest';
import { fromHex, toHex } from '../../../../src/shared/crypto/bytes';
import { generateKeyset, signDetached, verifyDetached } from '../../../../src/main/core/crypto/keyset';
import { sodium } from '../../../../src/main/core/crypto/sodium';
import { scriptedRandom } from '../vector-cases';
import type { VectorSection } from './section';

const RFC7748 = {
  aliceSecretKey: '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
  alicePublicKey: '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
  bobSecretKey: '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb',
  bobPublicKey: 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
  sharedSecret: '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
};
const RFC8032 = [
  {
    test: 1,
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    test: 2,
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    test: 3,
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
] as const;

type X25519Vector = typeof RFC7748;
type Ed25519Vector = { test: number; seed: string; publicKey: string; message: string; signature: string }[];

/** A keyset whose X25519 secret key and Ed25519 seed are the given inputs. */
const keysetOf = (boxSecretKey: string, signSeed: string) => generateKeyset('rfc', scriptedRandom(boxSecretKey, signSeed));
const flip = (hex: string, at: number) => {
  const bytes = fromHex(hex);
  bytes[at]! ^= 0x01;
  return bytes;
};

export const sections: VectorSection[] = [
  {
    name: 'x25519',
    compute: (): X25519Vector => {
      const alice = keysetOf(RFC7748.aliceSecretKey, RFC8032[0].seed);
      const bob = keysetOf(RFC7748.bobSecretKey, RFC8032[0].seed);
      const shared = sodium().crypto_scalarmult(alice.boxSecretKey.expose(), bob.boxPublicKey);
      return {
        aliceSecretKey: RFC7748.aliceSecretKey,
        alicePublicKey: toHex(alice.boxPublicKey),
        bobSecretKey: RFC7748.bobSecretKey,
        bobPublicKey: toHex(bob.boxPublicKey),
        sharedSecret: toHex(shared),
      };
    },
    check: (published) => {
      expect(published).toEqual(RFC7748);
      const v = published as X25519Vector;
      expect(toHex(sodium().crypto_scalarmult(fromHex(v.bobSecretKey), fromHex(v.alicePublicKey)))).toBe(v.sharedSecret);
    },
  },
  {
    name: 'ed25519',
    compute: (): Ed25519Vector =>
      RFC8032.map(({ test, seed, message }) => {
        const keyset = keysetOf(RFC7748.aliceSecretKey, seed);
        return { test, seed, publicKey: toHex(keyset.signPublicKey), message, signature: toHex(signDetached(keyset, fromHex(message))) };
      }),
    check: (published) => {
      expect(published).toEqual(RFC8032.map((t) => ({ ...t })));
      for (const t of published as Ed25519Vector) {
        const pk = fromHex(t.publicKey);
        expect(verifyDetached(pk, fromHex(t.message), fromHex(t.signature))).toBe(true);
        expect(verifyDetached(pk, fromHex(t.message), flip(t.signature, 0))).toBe(false);
        expect(verifyDetached(pk, fromHex(t.message), flip(t.signature, 63))).toBe(false);
        const longer = fromHex(t.message + '00');
        expect(verifyDetached(pk, t.message ? flip(t.message, 0) : longer, fromHex(t.signature))).toBe(false);
      }
    },
  },
];

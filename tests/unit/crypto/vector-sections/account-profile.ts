/**
 * The account profile (envelope 0x0F, §8.8): a named name sealed under the vector account key
 * for a named account id and profile version. The check opens it with the published key, and
 * proves another version, account or key does not open it, and that bytes off the layout are refused.
 */
import { expect } from 'vitest';
import { accountProfileAad } from '../../../../src/shared/crypto/aad';
import { AccountProfileError, encodeAccountProfile, parseAccountProfile } from '../../../../src/shared/crypto/account-profile';
import { fromHex, toHex } from '../../../../src/shared/crypto/bytes';
import { DecryptionError } from '../../../../src/shared/crypto/errors';
import { EnvelopeKind, envelopeKindName } from '../../../../src/shared/crypto/envelope';
import { openAccountProfile, sealAccountProfile } from '../../../../src/main/core/crypto/account-profile';
import { thrownBy } from '../../../support/thrown';
import { INPUTS, scriptedRandom } from '../vector-cases';
import type { VectorSection } from './section';

const ACCOUNT_ID = 'K7M2QX';
const VERSION = 3;
const NAME = 'Zoë Example';
const NONCE = '707172737475767778797a7b7c7d7e7f8081828384858687';

interface ProfileVector {
  kind: string;
  accountKey: string;
  accountId: string;
  version: number;
  name: string;
  nonce: string;
  /** The 512-byte plaintext: only its first bytes are not zero. */
  plaintextHead: string;
  aad: string;
  envelope: string;
}

export const sections: VectorSection[] = [
  {
    name: 'accountProfile',
    compute: (): ProfileVector => {
      const envelope = sealAccountProfile(fromHex(INPUTS.accountKey), ACCOUNT_ID, VERSION, NAME, scriptedRandom(NONCE));
      const plaintext = encodeAccountProfile(NAME);
      return {
        kind: envelopeKindName(EnvelopeKind.AccountProfile),
        accountKey: INPUTS.accountKey,
        accountId: ACCOUNT_ID,
        version: VERSION,
        name: NAME,
        nonce: NONCE,
        plaintextHead: toHex(plaintext.subarray(0, 3 + (plaintext[2] ?? 0))),
        aad: toHex(accountProfileAad(ACCOUNT_ID, VERSION)),
        envelope: toHex(envelope),
      };
    },
    check: (published) => {
      const v = published as ProfileVector;
      const key = fromHex(v.accountKey);
      const envelope = fromHex(v.envelope);
      expect(envelope.length).toBe(2 + 24 + 512 + 16);
      expect(openAccountProfile(key, v.accountId, v.version, envelope)).toBe(v.name);
      const plaintext = encodeAccountProfile(v.name);
      expect(toHex(plaintext.subarray(0, fromHex(v.plaintextHead).length))).toBe(v.plaintextHead);
      expect(plaintext.subarray(fromHex(v.plaintextHead).length).every((byte) => byte === 0)).toBe(true);
      expect(thrownBy(() => openAccountProfile(key, v.accountId, v.version + 1, envelope))).toBeInstanceOf(DecryptionError);
      expect(thrownBy(() => openAccountProfile(key, 'K7M2QY', v.version, envelope))).toBeInstanceOf(DecryptionError);
      expect(thrownBy(() => openAccountProfile(fromHex('ff'.repeat(32)), v.accountId, v.version, envelope))).toBeInstanceOf(DecryptionError);
      const badPadding = encodeAccountProfile(v.name);
      badPadding[511] = 1;
      expect(thrownBy(() => parseAccountProfile(badPadding))).toBeInstanceOf(AccountProfileError);
    },
  },
];

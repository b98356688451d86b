/**
 * §8.7 vectors: a security code from named keys, a signed group key, and a trust record
 * (its byte layout and envelope 0x0D). Keys are the RFC 7748 / RFC 8032 ones of INPUTS; everything is deterministic.
 */
import { expect } from 'vitest';
import { fromHex, toHex } from '../../../../src/shared/crypto/bytes';
import { DecryptionError } from '../../../../src/shared/crypto/errors';
import { formatSecurityCode } from '../../../../src/shared/crypto/fingerprint';
import { encodeTrustRecord, parseTrustRecord } from '../../../../src/shared/crypto/trust-record';
import { generateGroupKeyPair, groupKeyMessage, groupKeySignatureValid, signGroupKey } from '../../../../src/main/core/crypto/family-group';
import { generateKeyset } from '../../../../src/main/core/crypto/keyset';
import { securityCode } from '../../../../src/main/core/crypto/security-code';
import { openTrustRecord, sealTrustRecord } from '../../../../src/main/core/crypto/trust-record';
import { thrownBy } from '../../../support/thrown';
import { INPUTS, scriptedRandom } from '../vector-cases';
import type { VectorSection } from './section';

const ACCOUNT_ID = 'A1B2C3';
const MEMBER_ID = 'B2C3D4';
const FAMILY_ID = 'ZmFtaWx5LWlkLTAwMDAwMQ';
const GENERATION = 2;
const NONCE = '707172737475767778797a7b7c7d7e7f8081828384858687';
const keyset = () => generateKeyset(INPUTS.keysetId, scriptedRandom(INPUTS.boxSecretKey, INPUTS.signSeed));

interface SecurityCodeVector { accountId: string; boxPublicKey: string; signPublicKey: string; code: string; shown: string }
interface GroupKeyVector { familyId: string; generation: number; groupPublicKey: string; signPublicKey: string; message: string; signature: string }
interface TrustRecordVector {
  accountKey: string;
  accountId: string;
  version: number;
  organizers: Record<string, string[]>;
  members: Record<string, string>;
  nonce: string;
  plaintext: string;
  envelope: string;
}

export const sections: VectorSection[] = [
  {
    name: 'securityCode',
    compute: () => {
      const { boxPublicKey, signPublicKey } = keyset();
      const code = securityCode({ accountId: ACCOUNT_ID, boxPublicKey, signPublicKey });
      return { accountId: ACCOUNT_ID, boxPublicKey: toHex(boxPublicKey), signPublicKey: toHex(signPublicKey), code, shown: formatSecurityCode(code) };
    },
    check: (published) => {
      const v = published as SecurityCodeVector;
      expect(securityCode({ accountId: v.accountId, boxPublicKey: fromHex(v.boxPublicKey), signPublicKey: fromHex(v.signPublicKey) })).toBe(v.code);
      expect(securityCode({ accountId: 'A1B2C4', boxPublicKey: fromHex(v.boxPublicKey), signPublicKey: fromHex(v.signPublicKey) })).not.toBe(v.code);
    },
  },
  {
    name: 'signedGroupKey',
    compute: () => {
      const group = generateGroupKeyPair(scriptedRandom(INPUTS.groupSecretKey));
      const statement = { familyId: FAMILY_ID, generation: GENERATION, groupPublicKey: group.boxPublicKey };
      return {
        familyId: FAMILY_ID,
        generation: GENERATION,
        groupPublicKey: toHex(group.boxPublicKey),
        signPublicKey: toHex(keyset().signPublicKey),
        message: toHex(groupKeyMessage(statement)),
        signature: toHex(signGroupKey(statement, keyset())),
      };
    },
    check: (published) => {
      const v = published as GroupKeyVector;
      const statement = { familyId: v.familyId, generation: v.generation, groupPublicKey: fromHex(v.groupPublicKey) };
      expect(groupKeySignatureValid(statement, fromHex(v.signature), fromHex(v.signPublicKey))).toBe(true);
      expect(groupKeySignatureValid({ ...statement, generation: v.generation + 1 }, fromHex(v.signature), fromHex(v.signPublicKey))).toBe(false);
    },
  },
  {
    name: 'trustRecord',
    compute: () => {
      const record = {
        version: 3,
        organizers: new Map([[FAMILY_ID, [securityCode({ accountId: ACCOUNT_ID, ...keyset() })]]]),
        members: new Map([[MEMBER_ID, securityCode({ accountId: MEMBER_ID, ...keyset() })]]),
      };
      const envelope = sealTrustRecord(fromHex(INPUTS.accountKey), ACCOUNT_ID, record, scriptedRandom(NONCE));
      return {
        accountKey: INPUTS.accountKey,
        accountId: ACCOUNT_ID,
        version: record.version,
        organizers: Object.fromEntries(record.organizers),
        members: Object.fromEntries(record.members),
        nonce: NONCE,
        plaintext: toHex(encodeTrustRecord(record)),
        envelope: toHex(envelope),
      };
    },
    check: (published) => {
      const v = published as TrustRecordVector;
      const opened = openTrustRecord(fromHex(v.accountKey), v.accountId, fromHex(v.envelope));
      expect({ version: opened.version, organizers: Object.fromEntries(opened.organizers), members: Object.fromEntries(opened.members) }).toEqual({ version: v.version, organizers: v.organizers, members: v.members });
      expect(toHex(encodeTrustRecord(parseTrustRecord(fromHex(v.plaintext))))).toBe(v.plaintext);
      expect(thrownBy(() => openTrustRecord(fromHex(v.accountKey), 'A1B2C4', fromHex(v.envelope)))).toBeInstanceOf(DecryptionError);
    },
  },
];

/**
 * The command line's session (envelope 0x0E, §13.8): the vector account key wrapped under a
 * named session key, for a named local account id and expiry. The check opens it with the
 * published key, and proves another key, account or expiry does not open it.
 */
import { expect } from 'vitest';
import { cliSessionAad } from '../../../../src/shared/crypto/aad';
import { fromHex, toHex } from '../../../../src/shared/crypto/bytes';
import { DecryptionError } from '../../../../src/shared/crypto/errors';
import { EnvelopeKind, envelopeKindName } from '../../../../src/shared/crypto/envelope';
import { SecretBytes } from '../../../../src/shared/crypto/secret-bytes';
import { unwrapForSession, wrapForSession } from '../../../../src/main/core/crypto/session-wrap';
import { thrownBy } from '../../../support/thrown';
import { INPUTS, scriptedRandom } from '../vector-cases';
import type { VectorSection } from './section';

const SESSION_KEY = '505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f';
const LOCAL_UUID = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
const EXPIRES_AT = 1_893_456_000_000;
const NONCE = 'e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7';

interface SessionVector {
  kind: string;
  accountKey: string;
  sessionKey: string;
  /** The session key as LATCHKEY_SESSION holds it: base64url, 43 characters. */
  sessionKeyText: string;
  localUuid: string;
  expiresAt: number;
  nonce: string;
  aad: string;
  envelope: string;
}

export const sections: VectorSection[] = [
  {
    name: 'cliSession',
    compute: (): SessionVector => {
      const envelope = wrapForSession(SecretBytes.copyOf(fromHex(INPUTS.accountKey)), SecretBytes.copyOf(fromHex(SESSION_KEY)), LOCAL_UUID, EXPIRES_AT, scriptedRandom(NONCE));
      return {
        kind: envelopeKindName(EnvelopeKind.CliSession),
        accountKey: INPUTS.accountKey,
        sessionKey: SESSION_KEY,
        sessionKeyText: Buffer.from(SESSION_KEY, 'hex').toString('base64url'),
        localUuid: LOCAL_UUID,
        expiresAt: EXPIRES_AT,
        nonce: NONCE,
        aad: toHex(cliSessionAad(LOCAL_UUID, EXPIRES_AT)),
        envelope: toHex(envelope),
      };
    },
    check: (published) => {
      const v = published as SessionVector;
      const key = () => new SecretBytes(Buffer.from(v.sessionKeyText, 'base64url'));
      expect(toHex(unwrapForSession(fromHex(v.envelope), key(), v.localUuid, v.expiresAt).expose())).toBe(v.accountKey);
      expect(thrownBy(() => unwrapForSession(fromHex(v.envelope), key(), v.localUuid, v.expiresAt + 1))).toBeInstanceOf(DecryptionError);
      expect(thrownBy(() => unwrapForSession(fromHex(v.envelope), key(), '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4f', v.expiresAt))).toBeInstanceOf(DecryptionError);
      expect(thrownBy(() => unwrapForSession(fromHex(v.envelope), SecretBytes.copyOf(fromHex(v.accountKey)), v.localUuid, v.expiresAt))).toBeInstanceOf(DecryptionError);
    },
  },
];

import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseRecoveryCode, recoveryCodeFromData } from '../../../src/shared/crypto/recovery-code';
import { SecretBytes } from '../../../src/shared/crypto/secret-bytes';
import { parseSecretKey } from '../../../src/shared/crypto/secret-key';
import { LatchkeyCryptoError } from '../../../src/shared/crypto/errors';
import { thrownBy } from '../../support/thrown';

describe('secrets never print', () => {
  it('SecretBytes redacts toString, toJSON, inspect, template literals; dispose zeroes', () => {
    const bytes = Uint8Array.of(1, 2, 3);
    const s = new SecretBytes(bytes);
    expect(`${s}`).toBe('[redacted]');
    expect(JSON.stringify([s])).toBe('["[redacted]"]');
    expect(inspect(s)).toBe('[redacted]');
    expect(inspect({ s }, { depth: 5 })).not.toContain('1, 2, 3');
    s.dispose();
    expect([...bytes]).toEqual([0, 0, 0]);
    expect(() => s.expose()).toThrow(/after dispose/);
  });

  it('parsed Secret Keys and recovery codes print no secret symbols', () => {
    const sk = parseSecretKey('K1-4FFP7K-S3D0E8-J9TQ2-M5HXW-R7C4V-QN6Y1');
    const printed = inspect(sk, { depth: 5 }) + JSON.stringify(sk);
    expect(printed).not.toMatch(/S3D0E8|QN6Y1/);
    const code = recoveryCodeFromData(Array.from({ length: 52 }, (_, i) => i % 31));
    expect(inspect(code, { depth: 5 }) + JSON.stringify(code)).not.toMatch(/0123/);
  });

  it('errors carry stable codes and no input', () => {
    const e = thrownBy(() => parseRecoveryCode('R1-SECRT-SECRT'));
    expect(e).toBeInstanceOf(LatchkeyCryptoError);
    expect((e as LatchkeyCryptoError).code).toBe('RECOVERY_CODE_INVALID');
    expect(String(e)).not.toContain('SECRT');
  });
});

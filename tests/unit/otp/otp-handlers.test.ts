/**
 * The one-time code channels: the code of the stored setup at the main process's clock, copied
 * through the secret clipboard; no secret in any answer; an item without a setup is refused.
 */
import { describe, expect, it } from 'vitest';
import { otpHandlers } from '../../../src/main/core/otp/handlers';
import { createSecretClipboard } from '../../../src/main/core/platform/secret-clipboard';
import { IpcError } from '../../../src/shared/ipc/result';

const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890", RFC 6238's SHA-1 seed
const uri = `otpauth://totp/Example:alice?secret=${secret}&digits=8&period=30&algorithm=SHA1`;
const ref = { accountId: '00000000-0000-4000-8000-000000000001', vaultId: 'AAAAAAAAAAAAAAAAAAAAAA', itemId: 'BBBBBBBBBBBBBBBBBBBBBA' };

function setUp(stored: string) {
  const written: string[] = [];
  const clipboard = createSecretClipboard({ writeSecret: async (text: string) => void written.push(text), readText: async () => written.at(-1) ?? '', clear: async () => void written.push('') });
  const asked: unknown[] = [];
  const handlers = otpHandlers({
    otpOf: async (...args) => {
      asked.push(args);
      return stored;
    },
    clipboard,
    now: () => 59_000,
  });
  return { handlers, written, asked };
}

describe('otp handlers', () => {
  it('answers the current code (RFC 6238, 59 s) and when it expires, never the secret', async () => {
    const { handlers, asked } = setUp(uri);
    const answer = await handlers['vault.otp'](ref);
    expect(answer).toEqual({ code: '94287082', period: 30, expiresAt: new Date(60_000).toISOString() });
    expect(JSON.stringify(answer)).not.toContain(secret);
    expect(asked).toEqual([[ref.accountId, ref.vaultId, ref.itemId]]);
  });

  it('copies the current code through the secret clipboard', async () => {
    const { handlers, written } = setUp(uri);
    const { clearsAt } = await handlers['vault.copyOtp'](ref);
    expect(written).toEqual(['94287082']);
    expect(Date.parse(clearsAt)).toBeGreaterThan(Date.now());
  });

  it('refuses an item with no setup (or a stored one it cannot read), and copies nothing', async () => {
    for (const stored of ['', 'otpauth://hotp/x?secret=' + secret]) {
      const { handlers, written } = setUp(stored);
      await expect(handlers['vault.otp'](ref)).rejects.toBeInstanceOf(IpcError);
      await expect(handlers['vault.copyOtp'](ref)).rejects.toMatchObject({ code: 'bad-request' });
      expect(written).toEqual([]);
    }
  });
});

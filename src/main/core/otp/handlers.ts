/** The IPC handlers of one-time codes: the current code of a login, shown or copied; the secret stays here. */
import { IpcError } from '../../../shared/ipc/result';
import type { ItemFields } from '../../../shared/vault/item-fields';
import { readOtpSetup } from '../../../shared/vault/otp-setup';
import type { Handlers } from '../ipc/router';
import type { createSecretClipboard } from '../platform/secret-clipboard';
import { totpCode, type OtpCode } from './totp-code';

/** A login's stored setup URI; '' for any other item or a login without one. */
export function loginOtp(fields: ItemFields): string {
  return fields.type === 'login' ? fields.otp : '';
}

interface OtpDependencies {
  /** The login's stored setup URI ('' when it has none). */
  otpOf(accountId: string, vaultId: string, itemId: string): Promise<string>;
  clipboard: ReturnType<typeof createSecretClipboard>;
  now?: () => number;
}

export function otpHandlers({ otpOf, clipboard, now = Date.now }: OtpDependencies): Pick<Handlers, 'vault.otp' | 'vault.copyOtp'> {
  const current = async (accountId: string, vaultId: string, itemId: string): Promise<OtpCode> => {
    const setup = readOtpSetup(await otpOf(accountId, vaultId, itemId));
    if (!setup.ok) throw new IpcError('bad-request', 'This item has no one-time password.');
    return totpCode(setup.setup, now());
  };
  return {
    'vault.otp': async ({ accountId, vaultId, itemId }) => {
      const { code, period, expiresAtMs } = await current(accountId, vaultId, itemId);
      return { code, period, expiresAt: new Date(expiresAtMs).toISOString() };
    },
    'vault.copyOtp': async ({ accountId, vaultId, itemId }) => {
      const { code } = await current(accountId, vaultId, itemId);
      return { clearsAt: (await clipboard.copy(code, accountId)).clearsAt.toISOString() };
    },
  };
}

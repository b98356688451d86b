/** The IPC handlers of an account's Emergency Kit: preview, save, print, and copying the Secret Key. */
import type { Accounts } from '../account/accounts';
import type { Handlers } from '../ipc/router';
import type { createSecretClipboard } from '../platform/secret-clipboard';
import { emergencyKitContent } from './kit-content';
import type { KitService } from './kit-service';

type KitHandlers = Pick<Handlers, 'emergencyKit.preview' | 'emergencyKit.save' | 'emergencyKit.print' | 'secretKey.copy'>;

export function kitHandlers({ accounts, kits, clipboard }: { accounts: Accounts; kits: KitService; clipboard: ReturnType<typeof createSecretClipboard> }): KitHandlers {
  const kitOf = (accountId: string) => emergencyKitContent({ ...accounts.emergencyKitDetails(accountId), createdAt: new Date() });
  return {
    'emergencyKit.preview': async ({ accountId }) => ({ image: await kits.preview(kitOf(accountId)) }),
    'emergencyKit.save': async ({ accountId }) => kits.save(kitOf(accountId), accounts.emergencyKitDetails(accountId).email),
    'emergencyKit.print': async ({ accountId }) => kits.print(kitOf(accountId)),
    'secretKey.copy': async ({ accountId }) => ({ clearsAt: (await clipboard.copy(accounts.emergencyKitDetails(accountId).secretKey)).clearsAt.toISOString() }),
  };
}

/** The IPC handlers of an account's kits (preview, save, print) and of copying its Secret Key. */
import type { KitKind } from '../../../shared/ipc/channels/kit';
import type { Accounts } from '../account/accounts';
import type { ReauthGrants } from '../account/reauth-grants';
import type { Handlers } from '../ipc/router';
import type { createSecretClipboard } from '../platform/secret-clipboard';
import type { RecoveryCodeSetup } from '../recovery/setup';
import { emergencyKitContent, recoveryKitContent, type KitContent } from './kit-content';
import type { KitService } from './kit-service';

type KitHandlers = Pick<Handlers, 'kit.preview' | 'kit.save' | 'kit.print' | 'secretKey.copy'>;

interface KitDependencies {
  accounts: Accounts;
  recoverySetup: RecoveryCodeSetup;
  kits: KitService;
  clipboard: ReturnType<typeof createSecretClipboard>;
  grants: ReauthGrants;
}

export function kitHandlers({ accounts, recoverySetup, kits, clipboard, grants }: KitDependencies): KitHandlers {
  /**
   * The Emergency Kit holds the Secret Key: it needs a fresh password check. The Recovery Kit
   * holds only the code being set up, which exists only after `recoverySetup.begin` checked the password.
   */
  const kitOf = (accountId: string, kind: KitKind): { content: KitContent; email: string } => {
    if (kind === 'emergency') grants.require(accountId);
    const details = accounts.emergencyKitDetails(accountId);
    const createdAt = new Date();
    const content = kind === 'emergency' ? emergencyKitContent({ ...details, createdAt }) : recoveryKitContent({ email: details.email, recoveryCode: recoverySetup.code(accountId), signInAddress: details.signInAddress, createdAt });
    return { content, email: details.email };
  };
  return {
    'kit.preview': async ({ accountId, kind }) => ({ image: await kits.preview(kitOf(accountId, kind).content) }),
    'kit.save': async ({ accountId, kind }) => {
      const { content, email } = kitOf(accountId, kind);
      return kits.save(content, email);
    },
    'kit.print': async ({ accountId, kind }) => kits.print(kitOf(accountId, kind).content),
    'secretKey.copy': async ({ accountId }) => {
      grants.require(accountId);
      return { clearsAt: (await clipboard.copy(accounts.emergencyKitDetails(accountId).secretKey)).clearsAt.toISOString() };
    },
  };
}

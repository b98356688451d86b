/** The IPC handlers of an account's kits (preview, save, print) and of copying its Secret Key. */
import type { KitKind } from '../../../shared/ipc/channels/kit';
import type { Accounts } from '../account/accounts';
import type { ReauthGrants } from '../account/reauth-grants';
import type { CheckUp } from '../check-up/check-up';
import type { Handlers } from '../ipc/router';
import type { createSecretClipboard } from '../platform/secret-clipboard';
import type { RecoveryChecks } from '../recovery/checks';
import type { RecoveryCodeSetup } from '../recovery/setup';
import { emergencyKitContent, recoveryKitContent, type KitContent } from './kit-content';
import type { KitService } from './kit-service';

type KitHandlers = Pick<Handlers, 'kit.preview' | 'kit.save' | 'kit.print' | 'secretKey.copy'>;

interface KitDependencies {
  accounts: Accounts;
  recoverySetup: RecoveryCodeSetup;
  /** The Recovery Kit names the identity checks a recovery asks for after the code. */
  recoveryChecks: Pick<RecoveryChecks, 'status'>;
  kits: KitService;
  clipboard: ReturnType<typeof createSecretClipboard>;
  grants: ReauthGrants;
  /** Records that the Emergency Kit was kept (best effort: never fails the save or the print). */
  checkUp: Pick<CheckUp, 'keptKit'>;
}

export function kitHandlers({ accounts, recoverySetup, recoveryChecks, kits, clipboard, grants, checkUp }: KitDependencies): KitHandlers {
  /**
   * The Emergency Kit holds the Secret Key: it needs a fresh password check. The Recovery Kit
   * holds only the code being set up, which exists only after `recoverySetup.begin` checked the password.
   */
  const kitOf = async (accountId: string, kind: KitKind): Promise<{ content: KitContent; email: string }> => {
    if (kind === 'emergency') grants.require(accountId);
    const details = accounts.emergencyKitDetails(accountId);
    const createdAt = new Date();
    if (kind === 'emergency') return { content: emergencyKitContent({ ...details, createdAt }), email: details.email };
    const recoveryCode = recoverySetup.code(accountId);
    const { checks } = await recoveryChecks.status(accountId);
    return { content: recoveryKitContent({ email: details.email, recoveryCode, signInAddress: details.signInAddress, checks, createdAt }), email: details.email };
  };
  return {
    'kit.preview': async ({ accountId, kind }) => ({ image: await kits.preview((await kitOf(accountId, kind)).content) }),
    'kit.save': async ({ accountId, kind }) => {
      const { content, email } = await kitOf(accountId, kind);
      const outcome = await kits.save(content, email);
      if (kind === 'emergency' && outcome.status === 'saved') await checkUp.keptKit(accountId, 'saved');
      return outcome;
    },
    'kit.print': async ({ accountId, kind }) => {
      const outcome = await kits.print((await kitOf(accountId, kind)).content);
      if (kind === 'emergency' && outcome.status === 'printed') await checkUp.keptKit(accountId, 'printed');
      return outcome;
    },
    'secretKey.copy': async ({ accountId }) => {
      grants.require(accountId);
      return { clearsAt: (await clipboard.copy(accounts.emergencyKitDetails(accountId).secretKey, accountId)).clearsAt.toISOString() };
    },
  };
}

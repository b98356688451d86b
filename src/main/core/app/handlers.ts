/** All IPC handlers, one capability at a time. */
import type { HostKind } from '../../../shared/ipc/contract';
import { appVersion } from '../../../shared/version';
import type { Accounts } from '../account/accounts';
import { accountHandlers } from '../account/handlers';
import { ReauthGrants } from '../account/reauth-grants';
import { accountSecurityHandlers } from '../account/security-handlers';
import { StepUp } from '../account/step-up';
import { CheckUp } from '../check-up/check-up';
import { checkUpHandlers } from '../check-up/handlers';
import { FamilyService } from '../family/family';
import { TrustStore } from '../family/trust-store';
import { familyHandlers } from '../family/handlers';
import type { Handlers } from '../ipc/router';
import { kitHandlers } from '../kit/handlers';
import { mailboxHandlers } from '../mailbox/handlers';
import type { LocalMailboxAccess } from '../../../shared/server-api/recovery';
import { systemClock, type AutoLock, type Clock } from '../lock/auto-lock';
import { lockHandlers } from '../lock/handlers';
import type { OfflineCache } from '../offline/offline-cache';
import type { SettingsStore } from '../settings/settings';
import { RecoveryCodeCheck, recoveryCheckHandlers } from '../recovery/check';
import { RecoveryChecks, recoveryChecksHandlers } from '../recovery/checks';
import { recoverySetupHandlers } from '../recovery/setup-handlers';
import { RecoveryCodeSetup } from '../recovery/setup';
import { recoveryUseHandlers } from '../recovery/use-handlers';
import type { KitService } from '../kit/kit-service';
import type { HostPorts } from '../platform/ports';
import type { createSecretClipboard } from '../platform/secret-clipboard';
import type { SyncServerClient } from '../sync/client';
import { securityKeyHandlers, twoFactorHandlers } from '../two-factor/handlers';
import { TwoFactorService } from '../two-factor/two-factor';
import { findEmailProviderLogin } from '../check-up/email-provider';
import type { CoreEvents } from '../events/core-events';
import { vaultHandlers } from '../vault/handlers';
import { healthHandlers } from '../health/handlers';
import { loginOtp, otpHandlers } from '../otp/handlers';
import { startBackgroundSync } from './background';
import { watchFamilies } from '../events/family-events';
import { VaultService } from '../vault/vault-service';
import { desktopHandlers, type ApplyDesktopSettings } from './desktop-handlers';
import { transferHandlers } from '../transfer/handlers';
import { TransferService } from '../transfer/transfer-service';
import { importParser } from '../transfer/import/parse-off-thread';

interface HandlerContext {
  host: HostKind;
  server: { mode: 'embedded' | 'remote'; url: string };
  /** What the embedded server reported for its local mailbox (null: remote, or mail goes out by SMTP). Never sent to the renderer. */
  mailboxAccess: LocalMailboxAccess | null;
  api: SyncServerClient;
  accounts: Accounts;
  kits: KitService;
  /** The host's file dialogs, for import and export. */
  dialogs: Pick<HostPorts, 'openDialog' | 'saveDialog'>;
  clipboard: ReturnType<typeof createSecretClipboard>;
  cache: OfflineCache;
  autoLock: AutoLock;
  settings: SettingsStore;
  /** When password checks expire and recovery reminders are due; the system clock unless a test moves it. */
  clock?: Pick<Clock, 'now'>;
  /** Where the core's events go (the host's window; nowhere unless given). */
  events?: Pick<CoreEvents, 'emit'>;
  /** How often unlocked accounts sync by themselves; without it they sync only when a channel asks (tests that drive the channels). */
  backgroundSyncMs?: number;
  /** The host applies the desktop settings (Quick Access shortcut, update checks); kept only, without it. */
  applyDesktopSettings?: ApplyDesktopSettings;
  /** Whether an account's vaults load as it unlocks, for the window that opens onto them (not the command line's); yes unless told. */
  opensVaultsAtUnlock?: boolean;
  /** The import parser's worker entry (the hosts'); without it files are parsed on this thread. */
  importWorker?: URL;
}

export function createHandlers({ host, server, mailboxAccess, api, accounts, kits, dialogs, clipboard, cache, autoLock, settings, clock = systemClock, events = { emit: () => undefined }, backgroundSyncMs, applyDesktopSettings = () => true, opensVaultsAtUnlock = true, importWorker }: HandlerContext): Handlers {
  const grants = new ReauthGrants(accounts, clock);
  const stepUp = new StepUp(accounts);
  const recoverySetup = new RecoveryCodeSetup(accounts, stepUp);
  const recoveryChecks = new RecoveryChecks(accounts, stepUp);
  const trust = new TrustStore(accounts, settings);
  const families = new FamilyService(accounts, trust);
  const twoFactor = new TwoFactorService(accounts);
  const vaults = new VaultService(accounts, cache, families, (report) => events.emit('sync.result', report), opensVaultsAtUnlock);
  const familyWatch = watchFamilies(accounts, families, events);
  if (backgroundSyncMs !== undefined) startBackgroundSync({ accounts, vaults, families: familyWatch, intervalMs: backgroundSyncMs });
  const checkUp = new CheckUp({
    accounts,
    clock,
    recoveryCode: (localUuid) => recoverySetup.status(localUuid),
    recoveryChecks: (localUuid) => recoveryChecks.status(localUuid),
    twoStep: (localUuid) => twoFactor.status(localUuid),
    family: (localUuid) => families.family(localUuid),
    emailProviderLogin: async (localUuid, email) => findEmailProviderLogin(email, await vaults.ownLogins(localUuid)),
  });
  const transfer = new TransferService({
    vaults,
    ...dialogs,
    requireFreshPassword: (accountId) => grants.require(accountId),
    onLock: (listener) => accounts.onLock(listener),
    progress: (importId, done, total) => events.emit('import.progress', { importId, done, total }),
    parse: importParser(importWorker),
  });
  // The running server says whether mail goes to the local mailbox (embedded, no SMTP).
  const localMailbox = mailboxAccess !== null;
  return {
    'app.info': async () => {
      const identity = await api.identity();
      return { appVersion, host, server: { ...server, reachable: identity !== null, version: identity?.version ?? null, localMailbox } };
    },
    ...accountHandlers({ accounts, api, localMailbox, grants }),
    ...accountSecurityHandlers({ accounts, stepUp, grants }),
    ...mailboxHandlers({ api, access: mailboxAccess }),
    ...kitHandlers({ accounts, recoverySetup, recoveryChecks, kits, clipboard, grants, checkUp }),
    ...recoverySetupHandlers({ api, accounts, kits, clipboard, localMailbox, recoverySetup, checkUp }),
    ...recoveryUseHandlers({ api, accounts, kits, clipboard, localMailbox, grants }),
    ...recoveryChecksHandlers(recoveryChecks),
    ...recoveryCheckHandlers(new RecoveryCodeCheck(accounts, (localUuid, passed) => checkUp.afterCheck(localUuid, passed))),
    ...checkUpHandlers(checkUp),
    ...vaultHandlers({ accounts, vaults, families, trust, clipboard }),
    ...otpHandlers({ otpOf: async (accountId, vaultId, itemId) => loginOtp((await vaults.item(accountId, vaultId, itemId)).fields), clipboard }),
    ...healthHandlers(vaults),
    ...lockHandlers({ autoLock, settings }),
    ...twoFactorHandlers(twoFactor),
    ...securityKeyHandlers(twoFactor),
    ...familyHandlers({ accounts, families, api, localMailbox, grants, shown: familyWatch.shown }),
    ...desktopHandlers({ settings, accounts, vaults, apply: applyDesktopSettings }),
    ...transferHandlers(transfer),
  };
}

import type { Accounts } from '../account/accounts';
import type { KitService } from '../kit/kit-service';
import type { createSecretClipboard } from '../platform/secret-clipboard';
import type { SyncServerClient } from '../sync/client';

/** What the recovery handlers work with. */
export interface RecoveryDependencies {
  api: SyncServerClient;
  accounts: Accounts;
  kits: KitService;
  clipboard: ReturnType<typeof createSecretClipboard>;
  /** The embedded server writes mail to a local mailbox instead of sending it. */
  localMailbox: boolean;
}

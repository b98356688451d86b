/**
 * Starts the main core the same way in both hosts: the data folder, the sync server
 * (embedded on loopback unless a server URL is given), and the IPC router.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRouter, type Router } from '../ipc/router';
import { createHandlers } from './handlers';
import type { HostPorts } from '../platform/ports';
import { Accounts } from '../account/accounts';
import { initCrypto } from '../crypto/sodium';
import { DeviceKeychain } from '../device/keychain';
import { createKitService } from '../kit/kit-service';
import { AutoLock, idleLockMs, type Clock } from '../lock/auto-lock';
import { OfflineCache } from '../offline/offline-cache';
import { createSecretClipboard, SECRET_CLIPBOARD_LIFETIME_MS } from '../platform/secret-clipboard';
import { SettingsStore } from '../settings/settings';
import { SyncServerClient } from '../sync/client';
import { BACKGROUND_SYNC_MS } from '../sync/background-sync';
import { CoreEvents } from '../events/core-events';
import { emitAccountChanges } from '../events/account-events';
import { SecretBytes } from '../../../shared/crypto/secret-bytes';
import type { LocalMailboxAccess } from '../../../shared/server-api/recovery';
import type { HostKind } from '../../../shared/ipc/contract';
import type { DesktopSettings } from '../../../shared/ipc/channels/desktop';
import type { ApplyDesktopSettings } from './desktop-handlers';

/** What the host's embedded server reports: startServer({ embedded: true }) returns it. */
export interface EmbeddedServer {
  url: string;
  /** The local mailbox's secret when mail goes there (no SMTP); null otherwise. */
  localMailbox: LocalMailboxAccess | null;
  close(): Promise<void>;
}

export interface MainCoreOptions {
  host: HostKind;
  dataDir: string;
  /** A remote sync server; when absent the host's embedded server is started. */
  serverUrl?: string | undefined;
  startEmbeddedServer: (sqliteFile: string) => Promise<EmbeddedServer>;
  allowedOrigins: readonly string[];
  ports: HostPorts;
  /** The core's clock (password checks, recovery reminders); the system clock unless a test moves it. */
  clock?: Pick<Clock, 'now'> | undefined;
  /** How often unlocked accounts sync by themselves (the hosts pass `backgroundSyncMs()`); none without it (tests that drive the channels). */
  backgroundSyncMs?: number | undefined;
  /** The Electron host applies the desktop settings when they are saved (see desktop-handlers.ts). */
  applyDesktopSettings?: ApplyDesktopSettings | undefined;
  /** The import parser's worker entry (dist/main/import-worker.js, beside the host's bundle): imports are parsed off the main thread. */
  importWorker?: URL | undefined;
}

export interface MainCore {
  router: Router;
  /** The event stream: the host connects its windows to it, and emits the menu's 'app.command' through it (checked like every event). */
  events: Pick<CoreEvents, 'connect' | 'emit'>;
  serverUrl: string;
  /** Whether any account is unlocked now (the host asks before it restarts to update). */
  anyUnlocked(): boolean;
  /** The desktop shell's settings as saved now (the host applies them at start). */
  desktopSettings(): DesktopSettings;
  /** Locks every account now: the host calls it when the machine sleeps or the screen locks ('host'), or the user picks Lock All ('user'). */
  lockAll(reason: 'host' | 'user'): void;
  /**
   * For the command line's sessions (src/main/cli), never reached by an IPC channel: a copy of an unlocked
   * account's key, and an unlock with that key in a later process (Accounts.resume).
   */
  accountKey(localUuid: string): SecretBytes;
  resume(localUuid: string, accountKey: SecretBytes): Promise<void>;
  /** How long an account stays unlocked without use: the idle-lock setting (a command-line session expires with it). */
  idleLockMs(): number;
  close(): Promise<void>;
}

export async function startMainCore(options: MainCoreOptions): Promise<MainCore> {
  // The data folder holds the embedded database and the encrypted offline cache: owner only.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const embedded = options.serverUrl ? null : await options.startEmbeddedServer(join(options.dataDir, 'server.sqlite'));
  const server = embedded
    ? { mode: 'embedded' as const, url: embedded.url }
    : { mode: 'remote' as const, url: new URL(options.serverUrl as string).origin };
  await initCrypto();
  const settings = SettingsStore.open(options.dataDir);
  const keychain = new DeviceKeychain({ installationId: settings.installationId });
  const api = new SyncServerClient(server.url);
  const cache = new OfflineCache(join(options.dataDir, 'cache'));
  // A window opens onto the vaults at unlock, so they are read while the key derives; a command reads them only if it asks.
  const opensVaultsAtUnlock = options.host !== 'cli';
  const accounts = new Accounts(settings, keychain, api, cache, opensVaultsAtUnlock);
  const events = new CoreEvents();
  emitAccountChanges(accounts, events);
  const autoLock = new AutoLock({ lockAll: (reason) => accounts.lockAll(reason), idleMs: () => idleLockMs(settings) });
  autoLock.start();
  const kits = createKitService(options.ports);
  const clipboard = createSecretClipboard(options.ports.clipboard, clipboardLifetimeMs());
  accounts.onLock((accountId) => void clipboard.accountLocked(accountId));
  const router = createRouter({
    handlers: createHandlers({ host: options.host, opensVaultsAtUnlock, server, mailboxAccess: embedded?.localMailbox ?? null, api, accounts, kits, dialogs: options.ports, clipboard, cache, autoLock, settings, ...(options.clock && { clock: options.clock }), events, ...(options.backgroundSyncMs !== undefined && { backgroundSyncMs: options.backgroundSyncMs }), ...(options.applyDesktopSettings && { applyDesktopSettings: options.applyDesktopSettings }), ...(options.importWorker && { importWorker: options.importWorker }) }),
    allowedOrigins: options.allowedOrigins,
    onInternalError: (channel, error) => console.error(`[latchkey] ${channel} failed:`, error),
  });
  return {
    router,
    events,
    serverUrl: server.url,
    desktopSettings: () => settings.desktop,
    anyUnlocked: () => accounts.list().some((account) => account.unlocked),
    accountKey: (localUuid) => SecretBytes.copyOf(accounts.unlocked(localUuid).open.accountKey.expose()),
    resume: async (localUuid, accountKey) => void (await accounts.resume(localUuid, accountKey)),
    idleLockMs: () => idleLockMs(settings),
    lockAll: (reason) => (reason === 'host' ? autoLock.lockNow() : accounts.lockAll(reason)),
    close: async () => {
      autoLock.stop();
      // Locking stops every account's background sync.
      accounts.lockAll('quit');
      await clipboard.clearNow();
      await embedded?.close();
    },
  };
}

/** How long a copied secret stays on the clipboard: 90 s, or LATCHKEY_CLIPBOARD_CLEAR_SECONDS (1–600). */
function clipboardLifetimeMs(): number {
  const seconds = Number(process.env.LATCHKEY_CLIPBOARD_CLEAR_SECONDS);
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= 600 ? seconds * 1000 : SECRET_CLIPBOARD_LIFETIME_MS;
}

/** How often unlocked accounts sync in the background, or LATCHKEY_SYNC_SECONDS (0.1–3600) so tests need not wait. */
export function backgroundSyncMs(): number {
  const seconds = Number(process.env.LATCHKEY_SYNC_SECONDS);
  return Number.isFinite(seconds) && seconds >= 0.1 && seconds <= 3600 ? Math.round(seconds * 1000) : BACKGROUND_SYNC_MS;
}

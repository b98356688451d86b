/**
 * The read commands' fast path (README, "Command line": freshness). `item list` and `item get`
 * answer from this device's offline cache, read by the core's own code: the session's key opens
 * the account's keyset from the cached account state, and VaultPersistence.load opens each vault
 * as the app does at unlock (a vault key only with the account's keyset, an item only under its
 * vault's key, none older than the device state record has seen). No server is started or asked,
 * so nothing is pulled: the answer is the copy as of the last sync on this device.
 *
 * It answers the read channels those commands use as the core's handlers do (the same listing,
 * search, reveal and one-time code code; requests checked by their channel schemas), and renews
 * the session as every use does. Null when the cache holds no copy of the account's vaults
 * (never synced on this device): the caller then syncs through the main core.
 */
import { join } from 'node:path';
import { LatchkeyCryptoError } from '../../shared/crypto/errors';
import { SecretBytes } from '../../shared/crypto/secret-bytes';
import type { AccountState } from '../../shared/server-api/account';
import { vaultChannels } from '../../shared/ipc/channels/vault';
import { otpHealthChannels } from '../../shared/ipc/channels/otp-health';
import { IpcError } from '../../shared/ipc/result';
import { openWithAccountKey, type OpenAccount } from '../core/account/account-material';
import { initCrypto } from '../core/crypto/sodium';
import type { Handlers } from '../core/ipc/router';
import { idleLockMs } from '../core/lock/auto-lock';
import { OfflineCache } from '../core/offline/offline-cache';
import { loginOtp, otpHandlers } from '../core/otp/handlers';
import { createSecretClipboard } from '../core/platform/secret-clipboard';
import { SettingsStore } from '../core/settings/settings';
import { forScreen } from '../core/vault/item-for-screen';
import { closeAccountVaults, findPrivateVault, heldItem, heldVault, revealItem, type AccountVaults } from '../core/vault/open-vault';
import { OwnVaultLists } from '../core/vault/own-vault-list';
import { findItems, summariesOf, unlistedOf } from '../core/vault/vault-listing';
import { VaultPersistence, type WantedItem } from '../core/vault/vault-persistence';
import type { FromCache } from './command';
import type { Call } from './core';
import { CliError, exitCodeOf, lockedError } from './exit';
import { openSession } from './session';

type ReadChannel = 'vault.open' | 'vault.search' | 'vault.item' | 'vault.otp';
const readChannels = { 'vault.open': vaultChannels['vault.open'], 'vault.search': vaultChannels['vault.search'], 'vault.item': vaultChannels['vault.item'], 'vault.otp': otpHealthChannels['vault.otp'] };

export interface CachedVaults {
  call: Call;
  accountId: string;
  /** When the cache was last brought up to date by a sync (or a change) on this device. */
  fromCache: FromCache;
  /** Wipes the keys and the decrypted items. */
  close(): void;
}

/**
 * The session's vaults from the offline cache; exit 3 without a valid session; null when the cache holds no copy of them.
 * With `only`, the items it cannot be are not opened: the vaults hold none of them.
 */
export async function readCachedVaults(dataDir: string, sessionKeyText: string | undefined, only?: WantedItem): Promise<CachedVaults | null> {
  await initCrypto();
  const session = openSession(dataDir, sessionKeyText);
  let open: OpenAccount | undefined;
  try {
    const settings = SettingsStore.open(dataDir);
    const device = settings.account(session.accountId);
    if (!device) throw lockedError('Locked: the session’s account is no longer signed in on this device.');
    const cache = new OfflineCache(join(dataDir, 'cache'));
    const state = await cache.readAccount(session.accountId);
    if (!state) return null;
    open = openKeys(session.accountKey, state);
    const keys = { serverAccountId: device.serverAccountId, open };
    // The session is renewed (its file written and flushed to disk) while the vaults open, not after: a flush can take longer than the rest.
    const renewed = session.renew(idleLockMs(settings));
    const written = renewed.catch(() => undefined);
    const account = await new VaultPersistence({ unlocked: () => keys }, cache, new OwnVaultLists()).load(session.accountId, only).finally(() => written);
    if (!findPrivateVault(account)) return (closeAccountVaults(account), null);
    await renewed;
    const opened = open;
    return {
      call: callOf(account),
      accountId: session.accountId,
      fromCache: { syncedAt: await cache.deviceState.writtenAt(session.accountId) },
      close: () => (closeAccountVaults(account), opened.dispose()),
    };
  } catch (error) {
    open?.dispose();
    throw error;
  } finally {
    session.close();
  }
}

/** The keyset, opened with a copy of the session's account key (the session keeps its own, to renew itself). */
function openKeys(accountKey: SecretBytes, state: AccountState): OpenAccount {
  try {
    return openWithAccountKey(SecretBytes.copyOf(accountKey.expose()), state);
  } catch (error) {
    if (error instanceof LatchkeyCryptoError) throw lockedError('Locked: the session does not open this account.');
    throw error;
  }
}

/** The read channels over the held vaults, as the core's vault and one-time code handlers answer them. */
function callOf(account: AccountVaults): Call {
  const item = async (vaultId: string, itemId: string) => {
    const vault = heldVault(account, vaultId);
    return revealItem(vault, itemId, heldItem(vault, itemId));
  };
  const refuse = () => Promise.reject(new CliError(1, 'The command line has no clipboard.'));
  const otp = otpHandlers({ otpOf: async (_, vaultId, itemId) => loginOtp((await item(vaultId, itemId)).fields), clipboard: createSecretClipboard({ writeSecret: refuse, readText: refuse, clear: async () => undefined }) });
  const handlers: Pick<Handlers, ReadChannel> = {
    // The vaults, with no window of items: the command line reads items with vault.search alone, and a window by title would
    // sort every title of the vault for nothing (most of `item get TITLE`'s work after the opening, search-index.ts).
    'vault.open': async ({ vaultId }) => {
      const vault = (vaultId && account.vaults.get(vaultId)) || findPrivateVault(account)!;
      return { vaults: summariesOf(account), canShare: false, notices: account.notices, ...unlistedOf(vault, true) };
    },
    'vault.search': async ({ vaultId, query, category = 'all', offset = 0, limit = 200 }) => findItems(heldVault(account, vaultId), { query, category, offset, limit }),
    'vault.item': async ({ vaultId, itemId }) => forScreen(await item(vaultId, itemId)),
    'vault.otp': otp['vault.otp'],
  };
  return (async (channel: ReadChannel, request: unknown) => {
    if (!Object.hasOwn(readChannels, channel)) throw new Error(`${channel} is not a read from the offline cache`);
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    try {
      return await handler(readChannels[channel].request.parse(request));
    } catch (error) {
      if (error instanceof IpcError) throw new CliError(exitCodeOf(error.code), error.message);
      throw error;
    }
  }) as Call;
}

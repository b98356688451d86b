/**
 * An unlocked account's vaults as the window shows them: the listing (vaults, offline, notices),
 * the vault being shown, and a revision that moves whenever what a list shows may have changed
 * (a sync that changed the vault shown, a save, a vault switch), so the item list fetches its rows again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import type { IpcErrorCode } from '../../shared/ipc/result';
import { call, messageOf } from '../ipc/call';
import { useEvent } from '../ipc/use-event';

export type VaultListing = ResponseOf<'vault.show'>;

/** What a failed background sync means here, by its code (the items shown stay as this device last saw them). */
const SYNC_FAILED: Partial<Record<IpcErrorCode, string>> = {
  'signed-out': 'This device was signed out of this account. Sign in again with your Secret Key and password.',
  'untrusted-key': 'The sync server sent something your own keys did not sign, so this device took none of it. The items here are as this device last saw them.',
};

/** `itemsFirst`: whether the window opens onto the items (else onto another view). */
export function useVaults(accountId: string, itemsFirst: boolean) {
  const [listing, setListing] = useState<VaultListing | null>(null);
  /** Why the vaults could not open (a recovered family member waiting for their organizer); kept while it retries. */
  const [notOpen, setNotOpen] = useState('');
  const [syncError, setSyncError] = useState('');
  const [message, setMessage] = useState('');
  const [revision, setRevision] = useState(0);
  // Counts the core's 'sync.result' events for this account: each one reads the vaults again.
  const [synced, setSynced] = useState(0);
  // The last sync the open vault was read again for: moving to another vault (which `show` reads) is not a sync.
  const readAfter = useRef(0);
  // A sync since the last read again changed the vault shown (or the vaults): its rows are read again, not only its listing.
  const rowsMoved = useRef(false);
  const vaultId = listing?.vaultId;
  // Whether the listing's first rows are still the vault's: not once the window showed another view (an import there changes
  // the items without a sync), until the listing is read again while the items show (one read while another view showed, by
  // a sync during an import, may predate the import's items). The item list draws them at once only while they are.
  const [rowsCurrent, setRowsCurrent] = useState(itemsFirst);
  const itemsShown = useRef(itemsFirst);
  /** Told each change of the window's view: whether it shows the items. */
  const showingItems = useCallback((shown: boolean) => {
    itemsShown.current = shown;
    if (!shown) setRowsCurrent(false);
  }, []);

  /** `said`: the status line's new text; a sync's re-read leaves what the last action said. */
  const take = useCallback((answer: VaultListing, said?: string, moved = true) => {
    setListing(answer);
    setRowsCurrent(itemsShown.current);
    setNotOpen('');
    if (said !== undefined) setMessage(said);
    if (moved) setRevision((r) => r + 1);
  }, []);
  useEvent('sync.result', (result) => {
    if (result.accountId !== accountId) return;
    if (result.vaultsChanged || result.vaults.some((vault) => vault.vaultId === vaultId)) rowsMoved.current = true;
    setSynced((count) => count + 1);
    setSyncError(result.error ? (SYNC_FAILED[result.error] ?? 'The last sync did not finish. The items here are as this device last saw them.') : '');
  });
  useEffect(() => {
    // An answer that arrives after the user moved to another vault is dropped (`live`).
    let live = true;
    if (!vaultId) {
      // The window shows what the device holds at once and pulls behind it; until the vaults
      // open, the reason stays on screen and each sync tries again.
      void call('vault.show', { accountId, pull: synced === 0 }).then((answer) => live && take(answer), (failure: unknown) => live && setNotOpen(messageOf(failure)));
      return () => void (live = false);
    }
    if (synced === readAfter.current) return;
    readAfter.current = synced;
    call('vault.show', { accountId, vaultId }).then(
      (answer) => {
        if (!live) return;
        const moved = rowsMoved.current || answer.vaultId !== vaultId;
        rowsMoved.current = false;
        // Access to this vault was taken away meanwhile: the Private vault takes its place.
        take(answer, answer.vaultId === vaultId ? undefined : 'You no longer have access to that vault.', moved);
      },
      (failure: unknown) => live && setSyncError(messageOf(failure)),
    );
    return () => void (live = false);
  }, [accountId, vaultId, take, synced]);

  /** Shows `wanted` (its listing read again), saying `said` in the window's status line. */
  const show = useCallback(async (wanted: string, said = '') => take(await call('vault.show', { accountId, vaultId: wanted }), said), [accountId, take]);
  const syncNow = useCallback(async () => vaultId && take(await call('vault.sync', { accountId, vaultId, query: '' }), ''), [accountId, vaultId, take]);
  return { listing, rowsCurrent, showingItems, notOpen, syncError, message, setMessage, revision, show, syncNow };
}
export type Vaults = ReturnType<typeof useVaults>;

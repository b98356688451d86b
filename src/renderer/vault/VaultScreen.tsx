/**
 * An account's vaults: its Private vault and the family shared vaults it can open, one at a
 * time, with search as you type, copying a username or password, the item editor, and (for a
 * shared vault) who has access.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import type { IpcErrorCode } from '../../shared/ipc/result';
import { call, messageOf } from '../ipc/call';
import { useEvent } from '../ipc/use-event';
import { ReminderBanner, useCheckUp } from '../recovery/CheckUp';
import { Alert, Field, StepHeading, useAction } from '../ui/forms';
import { ItemEditor, type LoginItem } from './ItemEditor';
import { NewSharedVault, VaultAccess } from './SharedVaults';
import { VaultNotices } from './VaultNotices';

type Opened = ResponseOf<'vault.open'>;
type Summary = Opened['items'][number];
type Panel = { kind: 'items' } | { kind: 'edit'; item: LoginItem | null } | { kind: 'new-shared' } | { kind: 'access' };

/** What a failed background sync means here, by its code (the items shown stay as this device last saw them). */
const SYNC_FAILED: Partial<Record<IpcErrorCode, string>> = {
  'signed-out': 'This device was signed out of this account. Sign in again with your Secret Key and password.',
  'untrusted-key': 'The sync server sent something your own keys did not sign, so this device took none of it. The items here are as this device last saw them.',
};
export const OFFLINE_NOTICE = 'Offline: the sync server cannot be reached. These are the items saved on this device; changes cannot be saved until it is back.';

/** `openItem`: an item to open as soon as its vault is (the readiness checklist's "Open the login"). */
export function VaultScreen({ accountId, openItem, onClose, onCheckRecoveryCode }: { accountId: string; openItem?: { vaultId: string; itemId: string } | undefined; onClose: () => void; onCheckRecoveryCode: () => void }) {
  const action = useAction();
  const checkUp = useCheckUp(accountId);
  const [opened, setOpened] = useState<Opened | null>(null);
  /** Why the vaults could not open (a recovered family member waiting for their organizer); kept while it retries. */
  const [notOpen, setNotOpen] = useState('');
  const [items, setItems] = useState<Summary[]>([]);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const [panel, setPanel] = useState<Panel>({ kind: 'items' });
  // Answers can arrive out of order while the user types; only the latest query's counts.
  const latestQuery = useRef('');
  const vaultId = opened?.vaultId;

  const { setError } = action;
  const show = useCallback((answer: Opened, message = '') => {
    setOpened(answer);
    setNotOpen('');
    setQuery('');
    latestQuery.current = '';
    setItems(answer.items);
    setStatus(message);
  }, []);
  const reload = async (wanted: string, message = '') => show(await call('vault.show', { accountId, vaultId: wanted }), message);
  // What the vault screen shows is read again whenever the core's background sync says it synced
  // this account (`synced` counts them); the vaults show at once from what the device holds.
  const [synced, setSynced] = useState(0);
  useEvent('sync.result', (result) => {
    if (result.accountId !== accountId) return;
    setSynced((count) => count + 1);
    if (result.error) setError(SYNC_FAILED[result.error] ?? 'The last sync did not finish. The items here are as this device last saw them.');
  });
  useEffect(() => {
    // Until the vaults open, the reason stays on screen (a recovered family member waits for their
    // organizer) and each sync tries again. An answer that arrives after the user moved to another
    // vault is dropped (`live`).
    let live = true;
    if (!vaultId) {
      // Opening the vault screen shows what the device holds at once and pulls behind it.
      void call('vault.show', { accountId, vaultId: openItem?.vaultId, pull: synced === 0 }).then((answer) => live && show(answer), (failure: unknown) => live && setNotOpen(messageOf(failure)));
      return () => void (live = false);
    }
    if (synced === 0) return;
    const query = latestQuery.current;
    call('vault.show', { accountId, vaultId, query }).then(
      (answer) => {
        if (!live) return;
        // Access to this vault was taken away meanwhile: the Private vault takes its place.
        if (answer.vaultId !== vaultId) return show(answer, 'You no longer have access to that vault.');
        if (latestQuery.current === query) setItems(answer.items);
        setOpened(answer);
      },
      (failure: unknown) => live && setError(messageOf(failure)),
    );
    return () => void (live = false);
  }, [accountId, vaultId, show, setError, openItem?.vaultId, synced]);
  // The item asked for opens once, when its vault has.
  const itemOpened = useRef(false);
  useEffect(() => {
    if (!openItem || itemOpened.current || vaultId !== openItem.vaultId) return;
    itemOpened.current = true;
    void call('vault.item', { accountId, vaultId, itemId: openItem.itemId }).then((item) => setPanel({ kind: 'edit', item }), (failure: unknown) => setError(messageOf(failure)));
  }, [accountId, vaultId, openItem, setError]);

  if (!opened || !vaultId)
    return (
      <section className="screen" aria-labelledby="vault-heading">
        <h1 id="vault-heading">Vault</h1>
        {notOpen ? <p role="alert" className="alert">{notOpen}</p> : <p role="status">Opening your vault…</p>}
        <button type="button" onClick={onClose}>
          Back to account
        </button>
      </section>
    );

  const vault = opened.vaults.find((candidate) => candidate.vaultId === vaultId);
  const search = (text: string) => {
    setQuery(text);
    latestQuery.current = text;
    void action.run(async () => {
      const { items: found } = await call('vault.search', { accountId, vaultId, query: text });
      if (latestQuery.current === text) setItems(found);
    });
  };
  const copy = (item: Summary, field: 'username' | 'password') =>
    void action.run(async () => {
      const { clearsAt } = await call('vault.copy', { accountId, vaultId, itemId: item.itemId, field });
      setStatus(`${field === 'password' ? 'Password' : 'Username'} for ${item.title} copied. It will be cleared from the clipboard at ${new Date(clearsAt).toLocaleTimeString()}.`);
    });
  const open = (item: Summary) =>
    void action.run(async () => {
      setPanel({ kind: 'edit', item: await call('vault.item', { accountId, vaultId, itemId: item.itemId }) });
    });
  const backToItems = (wanted: string, message: string) => {
    setPanel({ kind: 'items' });
    void action.run(() => reload(wanted, message));
  };

  if (panel.kind === 'edit') return <ItemEditor accountId={accountId} vaultId={vaultId} item={panel.item} onDone={(message) => backToItems(vaultId, message)} />;
  if (panel.kind === 'new-shared')
    return <NewSharedVault accountId={accountId} onDone={(created) => (created ? backToItems(created.vaultId, `Made the shared vault ${created.name}. Only you can open it until you give others access.`) : setPanel({ kind: 'items' }))} />;
  if (panel.kind === 'access' && vault) return <VaultAccess accountId={accountId} vault={vault} onDone={() => backToItems(vaultId, '')} />;
  return (
    <section className="screen" aria-label="Vault items">
      <StepHeading>{vault?.name ?? 'Vault'}</StepHeading>
      <ReminderBanner checkUp={checkUp} onCheckNow={onCheckRecoveryCode} />
      {opened.vaults.length > 1 && (
        <nav aria-label="Vaults" className="button-row">
          {opened.vaults.map((candidate) => (
            <button key={candidate.vaultId} type="button" aria-current={candidate.vaultId === vaultId ? 'page' : undefined} onClick={() => void action.run(() => reload(candidate.vaultId))}>
              {candidate.name}
              {candidate.shared && <span className="hint"> (shared)</span>}
            </button>
          ))}
        </nav>
      )}
      {opened.offline && <p className="notice">{OFFLINE_NOTICE}</p>}
      <VaultNotices notices={opened.notices} />
      {vault?.shared && <p className="hint">A shared vault: everyone with access sees and can change its items.</p>}
      <Field label="Search items" type="search" autoComplete="off" value={query} onChange={(e) => search(e.target.value)} />
      {items.length === 0 ? (
        <p>{query ? 'No items match.' : 'No items yet.'}</p>
      ) : (
        <ul className="item-list" aria-label="Items">
          {items.map((item) => (
            <li key={item.itemId}>
              <button type="button" className="link" onClick={() => open(item)}>
                {item.title}
              </button>
              {item.subtitle && <span className="hint"> {item.subtitle}</span>}
              <span className="button-row">
                <button type="button" aria-label={`Copy username for ${item.title}`} onClick={() => copy(item, 'username')} disabled={item.type !== 'login' || !item.subtitle}>
                  Copy username
                </button>
                <button type="button" aria-label={`Copy password for ${item.title}`} onClick={() => copy(item, 'password')}>
                  Copy password
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {!query && opened.total > items.length && (
        <p className="hint">
          Showing the first {items.length} of {opened.total} items by title. Search to find the others.
        </p>
      )}
      <p role="status" className="status">
        {status}
      </p>
      <Alert>{action.error}</Alert>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => setPanel({ kind: 'edit', item: null })}>
          New item
        </button>
        {vault?.shared && (
          <button type="button" onClick={() => setPanel({ kind: 'access' })}>
            Who has access…
          </button>
        )}
        {opened.canShare && (
          <button type="button" onClick={() => setPanel({ kind: 'new-shared' })}>
            New shared vault…
          </button>
        )}
        <button type="button" onClick={() => void action.run(async () => show(await call('vault.sync', { accountId, vaultId, query: '' })))}>
          Sync now
        </button>
        <button type="button" onClick={onClose}>
          Back to account
        </button>
      </div>
    </section>
  );
}

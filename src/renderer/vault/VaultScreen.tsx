/** An account's vault: its items with search as you type, copying a username or password, and the item editor. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call, messageOf } from '../ipc/call';
import { Alert, Field, StepHeading, useAction } from '../ui/forms';
import { ItemEditor, type LoginItem } from './ItemEditor';

type Summary = ResponseOf<'vault.open'>['items'][number];
type Editing = { item: LoginItem | null } | null;

/** How often an open vault pulls changes from the server, so other devices' edits show up by themselves. */
const VAULT_SYNC_MS = 15_000;
export const OFFLINE_NOTICE = 'Offline: the sync server cannot be reached. These are the items saved on this device; changes cannot be saved until it is back.';

export function VaultScreen({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const action = useAction();
  const [vaultName, setVaultName] = useState<string | null>(null);
  const [items, setItems] = useState<Summary[]>([]);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [offline, setOffline] = useState(false);
  const [total, setTotal] = useState(0);
  // Answers can arrive out of order while the user types; only the latest query's counts.
  const latestQuery = useRef('');

  const { run, setError } = action;
  const reload = useCallback(
    (message = '') =>
      void run(async () => {
        const opened = await call('vault.open', { accountId });
        setVaultName(opened.vaultName);
        setQuery('');
        latestQuery.current = '';
        setItems(opened.items);
        setTotal(opened.total);
        setOffline(opened.offline);
        setStatus(message);
      }),
    // `run` is recreated each render; the account is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [accountId],
  );
  useEffect(() => reload(), [reload]);
  const opened = vaultName !== null;
  useEffect(() => {
    // A vault that could not open (a recovered family member waiting for their organizer) is tried again.
    if (!opened) {
      const retry = setInterval(() => reload(), VAULT_SYNC_MS);
      return () => clearInterval(retry);
    }
    const timer = setInterval(() => {
      const query = latestQuery.current;
      call('vault.sync', { accountId, query }).then(
        (synced) => {
          if (latestQuery.current === query) setItems(synced.items);
          setTotal(synced.total);
          setOffline(synced.offline);
        },
        (failure: unknown) => setError(messageOf(failure)),
      );
    }, VAULT_SYNC_MS);
    return () => clearInterval(timer);
  }, [accountId, opened, reload, setError]);

  const search = (text: string) => {
    setQuery(text);
    latestQuery.current = text;
    void action.run(async () => {
      const { items: found } = await call('vault.search', { accountId, query: text });
      if (latestQuery.current === text) setItems(found);
    });
  };
  const copy = (item: Summary, field: 'username' | 'password') =>
    void action.run(async () => {
      const { clearsAt } = await call('vault.copy', { accountId, itemId: item.itemId, field });
      setStatus(`${field === 'password' ? 'Password' : 'Username'} for ${item.title} copied. It will be cleared from the clipboard at ${new Date(clearsAt).toLocaleTimeString()}.`);
    });
  const open = (item: Summary) =>
    void action.run(async () => {
      setEditing({ item: await call('vault.item', { accountId, itemId: item.itemId }) });
    });

  if (editing)
    return (
      <ItemEditor
        accountId={accountId}
        item={editing.item}
        onDone={(message) => {
          setEditing(null);
          reload(message);
        }}
      />
    );
  if (vaultName === null)
    return (
      <section className="screen" aria-label="Vault">
        {action.error ? <Alert>{action.error}</Alert> : <p role="status">Opening your vault…</p>}
        <button type="button" onClick={onClose}>
          Back to account
        </button>
      </section>
    );
  return (
    <section className="screen" aria-label="Vault items">
      <StepHeading>{vaultName}</StepHeading>
      {offline && <p className="notice">{OFFLINE_NOTICE}</p>}
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
              {item.username && <span className="hint"> {item.username}</span>}
              <span className="button-row">
                <button type="button" aria-label={`Copy username for ${item.title}`} onClick={() => copy(item, 'username')} disabled={!item.username}>
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
      {!query && total > items.length && (
        <p className="hint">
          Showing the first {items.length} of {total} items by title. Search to find the others.
        </p>
      )}
      <p role="status" className="status">
        {status}
      </p>
      <Alert>{action.error}</Alert>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => setEditing({ item: null })}>
          New item
        </button>
        <button type="button" onClick={() => reload()}>
          Sync now
        </button>
        <button type="button" onClick={onClose}>
          Back to account
        </button>
      </div>
    </section>
  );
}

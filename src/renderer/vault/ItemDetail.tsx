/**
 * The item detail pane: every field of one item, the secret ones hidden until revealed, each
 * with Copy (through the clipboard the main process clears); Edit; Delete, after asking.
 */
import { useEffect, useId, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call, messageOf } from '../ipc/call';
import { Alert, Confirm, Field, useAction } from '../ui/forms';

export type Item = ResponseOf<'vault.item'>;
type Ref = { accountId: string; vaultId: string; itemId: string };

/** Copies one field of an item; answers what the status line says. */
export async function copyField(ref: Ref, title: string, field: 'username' | 'password'): Promise<string> {
  const { clearsAt } = await call('vault.copy', { ...ref, field });
  return `${field === 'password' ? 'Password' : 'Username'} for ${title} copied. It will be cleared from the clipboard at ${new Date(clearsAt).toLocaleTimeString()}.`;
}

/** One item (the caller keys it by the item). `revision`: moves when the vault may have changed (a sync): the item is read again, what was revealed stays so. */
export function ItemDetail({ accountId, vaultId, itemId, revision, onEdit, onDeleted, onStatus }: Ref & { revision: number; onEdit: (item: Item) => void; onDeleted: (message: string) => void; onStatus: (message: string) => void }) {
  const action = useAction();
  const [item, setItem] = useState<Item | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const headingId = useId();
  const { setError } = action;
  useEffect(() => {
    let live = true;
    void call('vault.item', { accountId, vaultId, itemId }).then((found) => live && setItem(found), (failure: unknown) => live && setError(messageOf(failure)));
    return () => void (live = false);
  }, [accountId, vaultId, itemId, revision, setError]);

  if (!item) return <Alert>{action.error}</Alert>;
  const { title, username, password, urls, notes } = item.fields;
  const ref = { accountId, vaultId, itemId };
  const copy = (field: 'username' | 'password') => void action.run(async () => onStatus(await copyField(ref, title, field)));
  const remove = () =>
    void action.run(async () => {
      const result = await call('vault.delete', { ...ref, expectedVersion: item.version });
      setConfirming(false);
      if (result.outcome === 'deleted') return onDeleted(`Deleted ${title}.`);
      if (!result.current) return onDeleted(`${title} was already deleted on another device.`);
      setItem(result.current);
      setError('Someone changed this item on another device, so it was not deleted. This is the current version.');
    });
  return (
    <article className="detail" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <div className="detail-field">
        <Field label="Username" readOnly value={username} />
        <div className="button-row">
          <button type="button" aria-label={`Copy username for ${title}`} disabled={!username} onClick={() => copy('username')}>
            Copy
          </button>
        </div>
      </div>
      <div className="detail-field">
        <Field label="Password" readOnly type={revealed ? 'text' : 'password'} className="mono" value={password} />
        <div className="button-row">
          <button type="button" aria-pressed={revealed} onClick={() => setRevealed((shown) => !shown)}>
            {revealed ? 'Hide password' : 'Show password'}
          </button>
          <button type="button" aria-label={`Copy password for ${title}`} disabled={!password} onClick={() => copy('password')}>
            Copy
          </button>
        </div>
      </div>
      {urls.length > 0 && (
        <>
          <h3>Websites</h3>
          <ul className="plain-list">
            {urls.map((url) => (
              <li key={url}>
                <code>{url}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="field">
        <label htmlFor={`${headingId}-notes`}>Notes</label>
        <textarea id={`${headingId}-notes`} readOnly rows={4} value={notes} />
      </div>
      <Alert>{action.error}</Alert>
      {confirming ? (
        <Confirm question={`Delete ${title} from this vault on all your devices?`} confirm="Delete item" busy={action.busy} onConfirm={remove} onCancel={() => setConfirming(false)} />
      ) : (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => onEdit(item)}>
            Edit
          </button>
          <button type="button" onClick={() => setConfirming(true)}>
            Delete…
          </button>
        </div>
      )}
    </article>
  );
}

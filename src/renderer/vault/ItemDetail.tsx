/**
 * The item detail pane: every field of one item, by its type (one table with the editor:
 * item-specs.ts), the secret ones hidden until revealed, each with Copy (through the clipboard the
 * main process clears); the live one-time code; the password history; Favourite; Edit; Delete
 * (to Recently Deleted), or, for an item there, Restore and Delete permanently.
 */
import { useEffect, useId, useState } from 'react';
import type { CopyField } from '../../shared/ipc/channels/vault';
import type { ResponseOf } from '../../shared/ipc/contract';
import type { ItemFields } from '../../shared/vault/item-fields';
import { call, messageOf } from '../ipc/call';
import { Alert, Field, useAction } from '../ui/forms';
import { FIELD_SPECS, valueOf } from './item-specs';
import { OtpField } from './otp/OtpField';
import { DeleteActions } from './trash/DeleteActions';

export type Item = ResponseOf<'vault.item'>;
type Ref = { accountId: string; vaultId: string; itemId: string };
/** One line of the detail: `copy` names the field for 'vault.copy'; `secret` ones are hidden until revealed. */
type Line = { label: string; value: string; secret?: boolean | undefined; copy?: CopyField | undefined };

/** Copies one field of an item; answers what the status line says ("Password for Example Mail copied…"). */
export async function copyField(ref: Ref, title: string, field: CopyField, label: string): Promise<string> {
  const { clearsAt } = await call('vault.copy', { ...ref, field });
  return `${label} for ${title} copied. It will be cleared from the clipboard at ${new Date(clearsAt).toLocaleTimeString()}.`;
}

/** The lines each type shows (a login's username and password even when empty), then its custom fields. */
function linesOf(fields: ItemFields): Line[] {
  const own = FIELD_SPECS[fields.type].map((spec): Line => ({ label: spec.label, value: valueOf(fields, spec.key), secret: spec.secret, copy: spec.copy }));
  const custom = fields.customFields.map((field, index): Line => ({ label: field.label, value: field.value, secret: field.kind === 'hidden', copy: { custom: index } }));
  return [...own.filter((line) => line.copy === 'password' || line.copy === 'username' || line.value !== ''), ...custom];
}

/** One item (the caller keys it by the item). `revision`: moves when the vault may have changed (a sync): the item is read again, what was revealed stays so. */
export function ItemDetail({ accountId, vaultId, itemId, revision, onEdit, onDeleted, onStatus }: Ref & { revision: number; onEdit: (item: Item) => void; onDeleted: (message: string) => void; onStatus: (message: string) => void }) {
  const action = useAction();
  const [item, setItem] = useState<Item | null>(null);
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  const headingId = useId();
  const { setError } = action;
  useEffect(() => {
    let live = true;
    void call('vault.item', { accountId, vaultId, itemId }).then((found) => live && setItem(found), (failure: unknown) => live && setError(messageOf(failure)));
    return () => void (live = false);
  }, [accountId, vaultId, itemId, revision, setError]);

  if (!item) return <Alert>{action.error}</Alert>;
  const { fields } = item;
  const { title } = fields;
  const ref = { accountId, vaultId, itemId };
  const copy = (line: Line) => line.copy !== undefined && void action.run(async () => onStatus(await copyField(ref, title, line.copy!, line.label)));
  const reveal = (key: string) => setRevealed((was) => new Set(was.has(key) ? [...was].filter((other) => other !== key) : [...was, key]));
  /** A write that lost a race: the item as stored now, and why nothing happened. */
  const lost = (current: Item | null, message: string) => (current ? (setItem(current), setError(message)) : onDeleted(`${title} was already deleted on another device.`));
  const favourite = () =>
    void action.run(async () => {
      // The window never holds a saved one-time password setup; saving without `removeOtp` keeps it.
      const result = await call('vault.save', { ...ref, expectedVersion: item.version, fields: { ...fields, favourite: !fields.favourite } });
      if (result.outcome === 'saved') return setItem(result.item);
      lost(result.current, 'Someone changed this item on another device, so it was not marked. This is the current version.');
    });
  const secretRow = (key: string, line: Line) => {
    const shown = !line.secret || revealed.has(key);
    const name = line.label.toLowerCase();
    return (
      <div className="detail-field" key={key}>
        <Field label={line.label} readOnly type={shown ? 'text' : 'password'} className={line.secret ? 'mono' : undefined} value={line.value} />
        <div className="button-row">
          {line.secret && (
            <button type="button" aria-pressed={shown} onClick={() => reveal(key)}>
              {shown ? `Hide ${name}` : `Show ${name}`}
            </button>
          )}
          {line.copy !== undefined && (
            <button type="button" aria-label={`Copy ${name} for ${title}`} disabled={!line.value} onClick={() => copy(line)}>
              Copy
            </button>
          )}
        </div>
      </div>
    );
  };
  const trashed = item.trashedAt !== null;
  return (
    <article className="detail" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {trashed && <p className="hint">In Recently Deleted since {new Date(item.trashedAt!).toLocaleDateString()}: restore it within 30 days of that to keep it.</p>}
      {linesOf(fields).map((line, index) => secretRow(`${index}:${line.label}`, line))}
      {item.hasOtp && (
        <div className="detail-field">
          <OtpField accountId={accountId} vaultId={vaultId} itemId={itemId} version={item.version} />
        </div>
      )}
      {fields.type === 'login' && fields.urls.length > 0 && (
        <>
          <h3>Websites</h3>
          <ul className="plain-list">
            {fields.urls.map((url) => (
              <li key={url}>
                <code>{url}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {fields.tags.length > 0 && <p className="hint">Tags: {fields.tags.join(', ')}</p>}
      {fields.notes !== '' && (
        <div className="field">
          <label htmlFor={`${headingId}-notes`}>Notes</label>
          <textarea id={`${headingId}-notes`} readOnly rows={4} value={fields.notes} />
        </div>
      )}
      {item.history.length > 0 && (
        <section aria-label="Password history">
          <h3>Password history</h3>
          {item.history.map((entry, index) => secretRow(`history-${index}`, { label: `Password until ${new Date(entry.changedAt).toLocaleString()}`, value: entry.password, secret: true }))}
        </section>
      )}
      <Alert>{action.error}</Alert>
      <div className="button-row">
        {!trashed && (
          <>
            <button type="button" className="primary" onClick={() => onEdit(item)}>
              Edit
            </button>
            <button type="button" aria-pressed={fields.favourite} onClick={favourite} disabled={action.busy}>
              Favourite
            </button>
          </>
        )}
        <DeleteActions accountId={accountId} vaultId={vaultId} item={item} onDone={onDeleted} onConflict={(now) => lost(now, 'Someone changed this item on another device, so nothing was done. This is the current version.')} />
      </div>
    </article>
  );
}

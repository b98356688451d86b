/**
 * The item detail pane: every field of one item, by its type, the secret ones hidden until
 * revealed, each with Copy (through the clipboard the main process clears); Favourite; Edit;
 * Delete, after asking.
 */
import { useEffect, useId, useState } from 'react';
import type { CopyField } from '../../shared/ipc/channels/vault';
import type { ResponseOf } from '../../shared/ipc/contract';
import type { ItemFields } from '../../shared/vault/item-fields';
import { call, messageOf } from '../ipc/call';
import { Alert, Confirm, Field, useAction } from '../ui/forms';

export type Item = ResponseOf<'vault.item'>;
type Ref = { accountId: string; vaultId: string; itemId: string };
/** One line of the detail: `copy` names the field for 'vault.copy'; `secret` ones are hidden until revealed. */
type Line = { label: string; value: string; secret?: boolean; copy?: CopyField };

/** Copies one field of an item; answers what the status line says ("Password for Example Mail copied…"). */
export async function copyField(ref: Ref, title: string, field: CopyField, label: string): Promise<string> {
  const { clearsAt } = await call('vault.copy', { ...ref, field });
  return `${label} for ${title} copied. It will be cleared from the clipboard at ${new Date(clearsAt).toLocaleTimeString()}.`;
}

/** The lines each type shows, then its custom fields. */
function linesOf(fields: ItemFields): Line[] {
  const own: Line[] =
    fields.type === 'login'
      ? [
          { label: 'Username', value: fields.username, copy: 'username' },
          { label: 'Password', value: fields.password, secret: true, copy: 'password' },
        ]
      : fields.type === 'card'
        ? [
            { label: 'Cardholder', value: fields.cardholder },
            { label: 'Card number', value: fields.number, secret: true, copy: 'number' },
            { label: 'Expiry', value: fields.expiry },
            { label: 'Security code', value: fields.securityCode, secret: true, copy: 'securityCode' },
            { label: 'PIN', value: fields.pin, secret: true, copy: 'pin' },
          ]
        : fields.type === 'identity'
          ? [
              { label: 'Full name', value: fields.fullName },
              { label: 'Address', value: fields.address },
              { label: 'Phone', value: fields.phone },
              { label: 'Email', value: fields.email },
              { label: 'Date of birth', value: fields.birthDate },
            ]
          : fields.type === 'password'
            ? [{ label: 'Password', value: fields.password, secret: true, copy: 'password' }]
            : [];
  const custom = fields.customFields.map((field, index): Line => ({ label: field.label, value: field.value, secret: field.kind === 'hidden', copy: { custom: index } }));
  return [...own.filter((line) => line.copy === 'password' || line.copy === 'username' || line.value !== ''), ...custom];
}

/** One item (the caller keys it by the item). `revision`: moves when the vault may have changed (a sync): the item is read again, what was revealed stays so. */
export function ItemDetail({ accountId, vaultId, itemId, revision, onEdit, onDeleted, onStatus }: Ref & { revision: number; onEdit: (item: Item) => void; onDeleted: (message: string) => void; onStatus: (message: string) => void }) {
  const action = useAction();
  const [item, setItem] = useState<Item | null>(null);
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
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
  const reveal = (label: string) => setRevealed((was) => new Set(was.has(label) ? [...was].filter((other) => other !== label) : [...was, label]));
  /** A write that lost a race: the item as stored now, and why nothing happened. */
  const lost = (current: Item | null, message: string) => (current ? (setItem(current), setError(message)) : onDeleted(`${title} was already deleted on another device.`));
  const favourite = () =>
    void action.run(async () => {
      const result = await call('vault.save', { ...ref, expectedVersion: item.version, fields: { ...fields, favourite: !fields.favourite } });
      if (result.outcome === 'saved') return setItem(result.item);
      lost(result.current, 'Someone changed this item on another device, so it was not marked. This is the current version.');
    });
  const remove = () =>
    void action.run(async () => {
      const result = await call('vault.delete', { ...ref, expectedVersion: item.version });
      setConfirming(false);
      if (result.outcome === 'deleted') return onDeleted(`Deleted ${title}.`);
      lost(result.current, 'Someone changed this item on another device, so it was not deleted. This is the current version.');
    });
  return (
    <article className="detail" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {linesOf(fields).map((line) => {
        const shown = !line.secret || revealed.has(line.label);
        const name = line.label.toLowerCase();
        return (
          <div className="detail-field" key={line.label}>
            <Field label={line.label} readOnly type={shown ? 'text' : 'password'} className={line.secret ? 'mono' : undefined} value={line.value} />
            <div className="button-row">
              {line.secret && (
                <button type="button" aria-pressed={shown} onClick={() => reveal(line.label)}>
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
      })}
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
      <div className="field">
        <label htmlFor={`${headingId}-notes`}>Notes</label>
        <textarea id={`${headingId}-notes`} readOnly rows={4} value={fields.notes} />
      </div>
      <Alert>{action.error}</Alert>
      {confirming ? (
        <Confirm question={`Delete ${title} from this vault on all your devices?`} confirm="Delete item" busy={action.busy} onConfirm={remove} onCancel={() => setConfirming(false)} />
      ) : (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => onEdit(item)}>
            Edit
          </button>
          <button type="button" aria-pressed={fields.favourite} onClick={favourite} disabled={action.busy}>
            Favourite
          </button>
          <button type="button" onClick={() => setConfirming(true)}>
            Delete…
          </button>
        </div>
      )}
    </article>
  );
}

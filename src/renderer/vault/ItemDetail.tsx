/**
 * One item as the detail pane shows it: every field (secrets hidden until revealed, Copy through
 * the secret clipboard), its password history, and Edit, Favourite and Delete. Editing happens in
 * place; `onChanged` tells the host (to read its list again) after a save or a deletion.
 */
import { useCallback, useEffect, useState } from 'react';
import type { CopyField } from '../../shared/ipc/channels/vault';
import { call, messageOf } from '../ipc/call';
import { Alert, useAction } from '../ui/forms';
import { DetailRow } from './DetailRow';
import { ItemEditor, type VaultItem } from './ItemEditor';
import { FIELD_SPECS, TYPE_NAMES, valueOf } from './item-specs';
import { OtpField } from './otp/OtpField';
import { DeleteActions } from './trash/DeleteActions';

export function ItemDetail({ accountId, vaultId, itemId, onChanged }: { accountId: string; vaultId: string; itemId: string; onChanged?: (message: string, deleted: boolean) => void }) {
  const action = useAction();
  const { setError } = action;
  const [item, setItem] = useState<VaultItem | null>(null);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState('');
  const load = useCallback(() => call('vault.item', { accountId, vaultId, itemId }).then(setItem, (failure: unknown) => setError(messageOf(failure))), [accountId, vaultId, itemId, setError]);
  useEffect(() => void load(), [load]);

  if (!item)
    return (
      <section aria-label="Item">
        <p role="status">{action.error ? '' : 'Opening the item…'}</p>
        <Alert>{action.error}</Alert>
      </section>
    );
  if (editing)
    return (
      <ItemEditor
        accountId={accountId}
        vaultId={vaultId}
        item={item}
        onDone={(message, deleted = false) => {
          setEditing(false);
          setStatus(message);
          if (!deleted) void load();
          if (message) onChanged?.(message, deleted);
        }}
      />
    );

  const { fields } = item;
  const copy = (label: string, field: CopyField) =>
    void action.run(async () => {
      const { clearsAt } = await call('vault.copy', { accountId, vaultId, itemId, field });
      setStatus(`${label} copied. It will be cleared from the clipboard at ${new Date(clearsAt).toLocaleTimeString()}.`);
    });
  const toggleFavourite = () =>
    void action.run(async () => {
      const result = await call('vault.save', { accountId, vaultId, itemId, expectedVersion: item.version, fields: { ...fields, favourite: !fields.favourite }, keepOtp: true });
      if (result.outcome === 'saved') {
        setItem(result.item);
        onChanged?.(result.item.fields.favourite ? `Added ${fields.title} to Favourites.` : `Removed ${fields.title} from Favourites.`, false);
      } else {
        setError('This item changed on another device. It now shows the current version; try again.');
        if (result.current) setItem(result.current);
      }
    });
  return (
    <section aria-labelledby="item-detail-heading" className="item-detail">
      <h2 id="item-detail-heading">{fields.title}</h2>
      <p className="hint">{TYPE_NAMES[fields.type]}</p>
      <dl className="item-fields">
        {FIELD_SPECS[fields.type]
          .filter((spec) => valueOf(fields, spec.key) !== '')
          .map((spec) => {
            const copied = spec.copy;
            return <DetailRow key={spec.key} label={spec.label} value={valueOf(fields, spec.key)} secret={spec.secret} onCopy={copied && (() => copy(spec.label, copied))} />;
          })}
        {item.hasOtp && (
          <div className="detail-row">
            <dt>One-time password</dt>
            <dd>
              <OtpField accountId={accountId} vaultId={vaultId} itemId={itemId} version={item.version} />
            </dd>
          </div>
        )}
        {fields.type === 'login' && fields.urls.map((url, index) => <DetailRow key={`url-${index}`} label={fields.urls.length > 1 ? `Website ${index + 1}` : 'Website'} value={url} />)}
        {fields.customFields.map((custom, index) => (
          <DetailRow key={`custom-${index}`} label={custom.label} value={custom.value} secret={custom.kind === 'hidden'} onCopy={() => copy(custom.label, { custom: index })} />
        ))}
        {fields.notes && <DetailRow label="Notes" value={fields.notes} />}
        {fields.tags.length > 0 && <DetailRow label="Tags" value={fields.tags.join(', ')} />}
      </dl>
      {item.history.length > 0 && (
        <>
          <h3>Password history</h3>
          <dl className="item-fields" aria-label="Password history">
            {item.history.map((entry, index) => (
              <DetailRow key={entry.changedAt + String(index)} label={`Password until ${new Date(entry.changedAt).toLocaleString()}`} value={entry.password} secret />
            ))}
          </dl>
        </>
      )}
      <p role="status" className="status">
        {status}
      </p>
      <Alert>{action.error}</Alert>
      <div className="button-row">
        {item.trashedAt === null && (
          <>
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" aria-pressed={fields.favourite} onClick={toggleFavourite} disabled={action.busy}>
              Favourite
            </button>
          </>
        )}
        <DeleteActions
          accountId={accountId}
          vaultId={vaultId}
          item={item}
          onDone={(message) => onChanged?.(message, true)}
          onConflict={(now) => {
            setError('This item changed on another device, so nothing was done. It now shows the current version.');
            if (now) setItem(now);
          }}
        />
      </div>
    </section>
  );
}

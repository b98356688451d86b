/**
 * Creating and editing one item of any type, in the detail pane: its own fields, notes, tags, favourite and
 * custom fields. A save that lost a race shows the current version and keeps the user's edit.
 */
import { useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { blankItem } from '../../shared/vault/blank-item';
import { itemTypes, type ItemFields, type ItemType } from '../../shared/vault/item-fields';
import { call } from '../ipc/call';
import { Alert, Field, StepHeading, TextArea, useAction } from '../ui/forms';
import { CustomFieldsEditor } from './CustomFieldsEditor';
import { FIELD_SPECS, TYPE_NAMES } from './item-specs';
import { OtpSection } from './otp/OtpSection';
import { TypeFieldsEditor } from './TypeFieldsEditor';

export type VaultItem = ResponseOf<'vault.item'>;
type Conflict = { message: string; mine: ItemFields };

const lines = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);
const urlsOf = (fields: ItemFields): string => (fields.type === 'login' ? fields.urls.join('\n') : '');

export function ItemEditor({ accountId, vaultId, item, onDone }: { accountId: string; vaultId: string; item: VaultItem | null; onDone: (message: string, saved?: VaultItem) => void }) {
  const action = useAction();
  const [base, setBase] = useState<{ itemId?: string; version: number }>(item ? { itemId: item.itemId, version: item.version } : { version: 0 });
  const [fields, setFields] = useState<ItemFields>(item?.fields ?? blankItem('login'));
  const [urls, setUrls] = useState(urlsOf(fields));
  const [tags, setTags] = useState(fields.tags.join(', '));
  const [showSecrets, setShowSecrets] = useState(false);
  // A saved one-time password stays through a save unless the user chose Remove.
  const [removeOtp, setRemoveOtp] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const patch = (changes: Partial<Record<string, unknown>>) => setFields((f) => ({ ...f, ...changes }) as ItemFields);
  const current = (): ItemFields => {
    const withTags = { ...fields, tags: lines(tags, /,/u) };
    return withTags.type === 'login' ? { ...withTags, urls: lines(urls, /\n/u) } : withTags;
  };
  const show = (shown: ItemFields) => {
    setFields(shown);
    setUrls(urlsOf(shown));
    setTags(shown.tags.join(', '));
  };
  /** A new item changes type keeping what every type has. */
  const changeType = (type: ItemType) => {
    const { title, notes, tags: kept, favourite, customFields } = current();
    show({ ...blankItem(type), title, notes, tags: kept, favourite, customFields });
  };

  /** Shows what is stored now and keeps the user's edit to put back. */
  const takeCurrent = (now: VaultItem | null, mine: ItemFields) => {
    if (now) {
      setBase({ itemId: now.itemId, version: now.version });
      show(now.fields);
      setConflict({ message: 'Someone changed this item on another device before you saved, so your change was not saved. The form now shows the current version. Redo your edit, or put your changes back and save again.', mine });
    } else {
      // Deleted elsewhere: saving again creates it anew with the user's edit.
      setBase({ version: 0 });
      setConflict({ message: 'This item was deleted on another device, so your change was not saved. Put your changes back and save to keep it as a new item.', mine });
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const mine = current();
    void action.run(async () => {
      const result = await call('vault.save', { accountId, vaultId, ...(base.itemId ? { itemId: base.itemId } : {}), expectedVersion: base.version, fields: mine, removeOtp });
      if (result.outcome === 'saved') onDone(`Saved ${result.item.fields.title}.`, result.item);
      else takeCurrent(result.current, mine);
    });
  };
  const generate = () =>
    void action.run(async () => {
      const { password } = await call('vault.generatePassword', {});
      patch({ password });
      setShowSecrets(true);
    });
  const hasPassword = fields.type === 'login' || fields.type === 'password';
  // Offered only when there is something hidden to show: a type's secret field, or a hidden custom field.
  const hasHidden = FIELD_SPECS[fields.type].some((spec) => spec.secret) || fields.customFields.some((field) => field.kind === 'hidden');

  return (
    <form className="detail" onSubmit={save}>
      <StepHeading level={2}>{item ? `Edit ${item.fields.title}` : 'New item'}</StepHeading>
      {conflict && (
        <div className="panel" role="alert">
          <p>{conflict.message}</p>
          <button
            type="button"
            onClick={() => {
              show(conflict.mine);
              setConflict(null);
            }}
          >
            Put my changes back
          </button>
        </div>
      )}
      {!base.itemId && (
        <div className="field">
          <label htmlFor="item-type">Item type</label>
          <select id="item-type" value={fields.type} onChange={(e) => changeType(e.target.value as ItemType)}>
            {itemTypes.map((type) => (
              <option key={type} value={type}>
                {TYPE_NAMES[type]}
              </option>
            ))}
          </select>
        </div>
      )}
      <Field label="Title" required value={fields.title} onChange={(e) => patch({ title: e.target.value })} autoComplete="off" />
      <TypeFieldsEditor fields={fields} onChange={(key, value) => patch({ [key]: value })} urls={urls} onUrls={setUrls} showSecrets={showSecrets} />
      {(hasPassword || hasHidden) && (
        <div className="button-row">
          {hasPassword && (
            <button type="button" onClick={generate}>
              Generate password
            </button>
          )}
          {hasHidden && (
            <button type="button" aria-pressed={showSecrets} onClick={() => setShowSecrets((s) => !s)}>
              {hasPassword ? (showSecrets ? 'Hide password' : 'Show password') : showSecrets ? 'Hide hidden fields' : 'Show hidden fields'}
            </button>
          )}
        </div>
      )}
      {fields.type === 'login' && (
        <OtpSection
          accountId={accountId}
          vaultId={vaultId}
          saved={item && base.itemId ? { itemId: base.itemId, version: base.version, hasOtp: item.hasOtp } : null}
          otp={fields.otp}
          keep={!removeOtp}
          onChange={(otp, keep) => {
            patch({ otp });
            setRemoveOtp(!keep);
          }}
        />
      )}
      <TextArea label="Notes" value={fields.notes} onChange={(e) => patch({ notes: e.target.value })} rows={4} />
      <Field label="Tags (separated by commas)" value={tags} onChange={(e) => setTags(e.target.value)} autoComplete="off" />
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={fields.favourite} onChange={(e) => patch({ favourite: e.target.checked })} /> Favourite
        </label>
      </div>
      <CustomFieldsEditor fields={fields.customFields} onChange={(customFields) => patch({ customFields })} showHidden={showSecrets} />
      <Alert>{action.error}</Alert>
      <div className="button-row">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

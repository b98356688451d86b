/** Creating and editing one login item, in the detail pane; a save that lost a race shows the current version and keeps the user's edit. */
import { useId, useState, type FormEvent, type TextareaHTMLAttributes } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call } from '../ipc/call';
import { Alert, Field, StepHeading, useAction } from '../ui/forms';

export type LoginItem = ResponseOf<'vault.item'>;
type Fields = LoginItem['fields'];
type Conflict = { message: string; mine: Fields };

const blank: Fields = { type: 'login', title: '', notes: '', tags: [], favourite: false, customFields: [], username: '', password: '', urls: [], otp: '' };
const urlsOf = (fields: Fields): string[] => (fields.type === 'login' ? fields.urls : []);

/** `onDone`: the status line's message, and the item as saved (none when cancelled). */
export function ItemEditor({ accountId, vaultId, item, onDone }: { accountId: string; vaultId: string; item: LoginItem | null; onDone: (message: string, saved?: LoginItem) => void }) {
  const action = useAction();
  const [base, setBase] = useState<{ itemId?: string; version: number }>(item ? { itemId: item.itemId, version: item.version } : { version: 0 });
  const [fields, setFields] = useState<Fields>(item?.fields ?? blank);
  const [urls, setUrls] = useState(urlsOf(item?.fields ?? blank).join('\n'));
  const [showPassword, setShowPassword] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const set = (name: 'title' | 'notes' | 'username' | 'password') => (event: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: event.target.value }) as Fields);
  const current = (): Fields => (fields.type === 'login' ? { ...fields, urls: urls.split('\n').map((u) => u.trim()).filter(Boolean) } : fields);

  /** Shows what is stored now and keeps the user's edit to put back. */
  const takeCurrent = (now: LoginItem | null, mine: Fields) => {
    if (now) {
      setBase({ itemId: now.itemId, version: now.version });
      setFields(now.fields);
      setUrls(urlsOf(now.fields).join('\n'));
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
      const result = await call('vault.save', { accountId, vaultId, ...(base.itemId ? { itemId: base.itemId } : {}), expectedVersion: base.version, fields: mine });
      if (result.outcome === 'saved') onDone(`Saved ${result.item.fields.title}.`, result.item);
      else takeCurrent(result.current, mine);
    });
  };
  const generate = () =>
    void action.run(async () => {
      const { password } = await call('vault.generatePassword', {});
      setFields((f) => ({ ...f, password }) as Fields);
      setShowPassword(true);
    });
  const putBack = (mine: Fields) => {
    setFields(mine);
    setUrls(urlsOf(mine).join('\n'));
    setConflict(null);
  };

  return (
    <form className="detail" onSubmit={save}>
      <StepHeading level={2}>{item ? `Edit ${item.fields.title}` : 'New item'}</StepHeading>
      {conflict && (
        <div className="panel" role="alert">
          <p>{conflict.message}</p>
          <button type="button" onClick={() => putBack(conflict.mine)}>
            Put my changes back
          </button>
        </div>
      )}
      <Field label="Title" required value={fields.title} onChange={set('title')} autoComplete="off" />
      <Field label="Username" value={fields.type === 'login' ? fields.username : ''} onChange={set('username')} autoComplete="off" />
      <Field label="Password" type={showPassword ? 'text' : 'password'} className="mono" value={fields.type === 'login' ? fields.password : ''} onChange={set('password')} autoComplete="new-password" spellCheck={false} />
      <div className="button-row">
        <button type="button" onClick={generate}>
          Generate password
        </button>
        <button type="button" aria-pressed={showPassword} onClick={() => setShowPassword((s) => !s)}>
          {showPassword ? 'Hide password' : 'Show password'}
        </button>
      </div>
      <TextArea label="Websites (one per line)" value={urls} onChange={(e) => setUrls(e.target.value)} rows={2} />
      <TextArea label="Notes" value={fields.notes} onChange={set('notes')} rows={4} />
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

function TextArea({ label, ...props }: { label: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} {...props} />
    </div>
  );
}

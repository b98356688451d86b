/**
 * Renaming an account from Manage Accounts: the new name is sealed for the server under the
 * account's key (docs/security-design.md §8.8), so every device of the account shows it. Only
 * an unlocked account can be renamed (its key seals the name).
 */
import { useState, type FormEvent } from 'react';
import { call } from '../ipc/call';
import { Field, FormFooter, useAction } from '../ui/forms';

export function RenameAccount({ account, onDone }: { account: { accountId: string; name: string; email: string }; onDone: (renamed: boolean) => void }) {
  const [name, setName] = useState(account.name === account.email ? '' : account.name);
  const action = useAction();
  const save = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await call('account.rename', { accountId: account.accountId, name });
      onDone(true);
    });
  };
  return (
    <form className="rename" aria-label={`Rename ${account.email}`} onSubmit={save}>
      <Field label="Account name" hint="Shown on every device of this account; the sync server cannot read it." required maxLength={100} autoFocus value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" />
      <FormFooter error={action.error} busy={action.busy} submit="Save name" secondary={{ label: 'Cancel', onClick: () => onDone(false) }} />
    </form>
  );
}

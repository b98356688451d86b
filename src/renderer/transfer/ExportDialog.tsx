/**
 * Export…: the vault's items to a KeePass file (KDBX 4, locked with a password chosen for the
 * file) or to a CSV, which is not encrypted and says so before anything is written. The main
 * process asks for the account password again when its last check is over 5 minutes old; it
 * is asked for here, in place, and the export runs again. The file goes only where the user
 * picks in the save dialog.
 */
import { useState, type FormEvent } from 'react';
import { PasswordCheck } from '../account/PasswordCheck';
import { call, CallError } from '../ipc/call';
import { Field, FormFooter, useAction } from '../ui/forms';

export function ExportDialog({ accountId, vaultId, vaultName, onClose }: { accountId: string; vaultId: string; vaultName: string; onClose: () => void }) {
  const action = useAction();
  const [format, setFormat] = useState<'kdbx' | 'csv'>('kdbx');
  const [filePassword, setFilePassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [askPassword, setAskPassword] = useState(false);
  const [status, setStatus] = useState('');

  const exportNow = () =>
    action.run(async () => {
      setStatus('');
      try {
        const outcome = await call('transfer.export', format === 'kdbx' ? { accountId, vaultId, format, filePassword } : { accountId, vaultId, format });
        setStatus(outcome.status === 'saved' ? `Exported ${vaultName} to ${outcome.path}` : 'Not exported: you closed the save dialog.');
        if (outcome.status !== 'saved') return;
        setFilePassword('');
        setRepeat('');
      } catch (failure) {
        if (!(failure instanceof CallError && failure.error.code === 'reauth-required')) throw failure;
        setAskPassword(true);
      }
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (format === 'kdbx' && filePassword !== repeat) return action.setError('The two passwords for the file are not the same.');
    if (format === 'kdbx' && filePassword === '') return action.setError('Choose a password for the file.');
    if (format === 'csv' && !understood) return action.setError('Tick the box to say you understand the CSV file is not encrypted.');
    void exportNow();
  };

  if (askPassword)
    return (
      <PasswordCheck
        accountId={accountId}
        className="panel"
        submitLabel="Continue the export"
        autoFocus
        onChecked={() => (setAskPassword(false), void exportNow())}
        onCancel={() => setAskPassword(false)}
      >
        <h2>Enter your account password to export</h2>
        <p>An export holds every password in {vaultName}, so Latchkey asks for your account password again first.</p>
      </PasswordCheck>
    );

  return (
    <form className="panel" aria-labelledby="export-heading" onSubmit={submit}>
      <h2 id="export-heading">Export {vaultName}</h2>
      <fieldset className="choices">
        <legend>Format</legend>
        <div className="checkbox">
          <label>
            <input type="radio" name="export-format" checked={format === 'kdbx'} onChange={() => setFormat('kdbx')} /> KeePass (KDBX 4), encrypted with a password you choose for the file
          </label>
        </div>
        <div className="checkbox">
          <label>
            <input type="radio" name="export-format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV, not encrypted
          </label>
        </div>
      </fieldset>
      {format === 'kdbx' ? (
        <>
          <Field label="Password for the file" type="password" autoComplete="new-password" value={filePassword} onChange={(e) => setFilePassword(e.target.value)} />
          <Field label="The same password again" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </>
      ) : (
        <div className="warning">
          <p>
            <strong>A CSV file is not encrypted.</strong> Anyone who can read the file can read every password in it. Keep it only as long as you need it, then delete it.
          </p>
          <label>
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} /> I understand the file is not encrypted
          </label>
        </div>
      )}
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Exporting…' : 'Export…'} secondary={{ label: 'Close', onClick: onClose }} />
      <p role="status" className="status">
        {status}
      </p>
    </form>
  );
}

/**
 * Import…: choose a file (the main process shows the open dialog and keeps the path), give a
 * KeePass file's password (and key file) when it asks, see what will come in (counts per type,
 * the fields that have no place of their own and where they go, the duplicates skipped), then
 * import with a progress bar and a Cancel. A refused file says why and imports nothing.
 */
import { useState, type FormEvent } from 'react';
import type { ImportPreview } from '../../shared/ipc/channels/transfer';
import type { ItemType } from '../../shared/vault/item-fields';
import { call, CallError } from '../ipc/call';
import { useEvent } from '../ipc/use-event';
import { Alert, Field, useAction } from '../ui/forms';

const typeNames: Record<ItemType, [string, string]> = {
  login: ['login', 'logins'],
  note: ['secure note', 'secure notes'],
  card: ['credit card', 'credit cards'],
  identity: ['identity', 'identities'],
  password: ['password', 'passwords'],
};
const placedNames = { 'custom-field': 'kept as a custom field', notes: 'added to the notes', 'not-imported': 'not imported (Latchkey has no place for it)' } as const;

type File = { fileId: string; name: string };

export function ImportDialog({ accountId, vaultId, vaultName, onClose }: { accountId: string; vaultId: string; vaultName: string; onClose: () => void }) {
  const action = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [keyFile, setKeyFile] = useState<File | null>(null);
  const [needsPassword, setNeedsPassword] = useState(false);
  const [password, setPassword] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState('');
  useEvent('import.progress', (event) => event.importId === preview?.importId && setProgress({ done: event.done, total: event.total }));

  const readFile = (chosen: File, secrets: { password?: string; keyFileId?: string } = {}) =>
    action.run(async () => {
      setPreview(null);
      try {
        setPreview(await call('transfer.previewImport', { accountId, vaultId, fileId: chosen.fileId, ...secrets }));
      } catch (failure) {
        if (failure instanceof CallError && failure.error.reason === 'password-required') return setNeedsPassword(true);
        throw failure;
      }
    });
  const choose = async (purpose: 'import' | 'key-file') => {
    const answer = await call('transfer.chooseFile', { purpose });
    if (answer.status !== 'chosen') return;
    if (purpose === 'key-file') return setKeyFile(answer);
    setFile(answer);
    setNeedsPassword(false);
    setKeyFile(null);
    setOutcome('');
    await readFile(answer);
  };
  const unlock = (event: FormEvent) => {
    event.preventDefault();
    if (file) void readFile(file, { password, ...(keyFile && { keyFileId: keyFile.fileId }) });
  };
  const run = () =>
    action.run(async () => {
      if (!preview) return;
      setProgress({ done: 0, total: preview.toImport });
      const result = await call('transfer.runImport', { importId: preview.importId });
      const skipped = result.skipped > 0 ? ` ${result.skipped} already in the vault ${result.skipped === 1 ? 'was' : 'were'} skipped.` : '';
      setOutcome(result.status === 'done' ? `Imported ${result.created} ${result.created === 1 ? 'item' : 'items'} into ${vaultName}.${skipped}` : `Cancelled: ${result.created} ${result.created === 1 ? 'item was' : 'items were'} imported before you cancelled. Import the file again to bring in the rest (what is already in is skipped).`);
      setPreview(null);
      setProgress(null);
      setPassword('');
    });
  const cancel = () => preview && void call('transfer.cancelImport', { importId: preview.importId });

  return (
    <section className="panel" aria-labelledby="import-heading">
      <h2 id="import-heading">Import into {vaultName}</h2>
      <p>From 1Password (.1pux or CSV), Bitwarden (JSON or CSV), KeePass or KeePassXC (.kdbx), Chrome, Edge, Brave, Firefox or Safari (CSV).</p>
      <div className="button-row">
        <button type="button" onClick={() => void action.run(() => choose('import'))} disabled={action.busy}>
          Choose a file…
        </button>
        <button type="button" onClick={onClose} disabled={progress !== null}>
          Close
        </button>
      </div>
      {file && <p>File: {file.name}</p>}
      {needsPassword && !preview && file && (
        <form onSubmit={unlock}>
          <Field label="The file's password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
          <div className="button-row">
            <button type="button" onClick={() => void action.run(() => choose('key-file'))}>
              {keyFile ? `Key file: ${keyFile.name}` : 'Choose a key file…'}
            </button>
            <button type="submit" className="primary" disabled={action.busy}>
              Open the file
            </button>
          </div>
        </form>
      )}
      <Alert>{action.error}</Alert>
      {preview && <PreviewList preview={preview} />}
      {preview && progress === null && (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => void run()} disabled={preview.toImport === 0}>
            Import {preview.toImport} {preview.toImport === 1 ? 'item' : 'items'}
          </button>
        </div>
      )}
      {progress && (
        <div>
          <label htmlFor="import-progress">
            Imported {progress.done} of {progress.total}
          </label>
          <progress id="import-progress" max={Math.max(progress.total, 1)} value={progress.done} />
          <div className="button-row">
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <p role="status" className="status">
        {outcome}
      </p>
    </section>
  );
}

function PreviewList({ preview }: { preview: ImportPreview }) {
  const counts = (Object.entries(preview.counts) as [ItemType, number][]).filter(([, n]) => n > 0);
  return (
    <div aria-label="What the file holds">
      <h3>In this file</h3>
      <ul>
        {counts.map(([type, n]) => (
          <li key={type}>
            {n} {typeNames[type][n === 1 ? 0 : 1]}
          </li>
        ))}
        {counts.length === 0 && <li>No items</li>}
      </ul>
      {preview.duplicates > 0 && <p>{preview.duplicates} already in the vault (the same in every field) will be skipped.</p>}
      {preview.unmapped.length > 0 && (
        <>
          <h3>Fields with no place of their own</h3>
          <ul>
            {preview.unmapped.map((field) => (
              <li key={`${field.placedIn}-${field.field}`}>
                “{field.field}” ({field.items} {field.items === 1 ? 'item' : 'items'}): {placedNames[field.placedIn]}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

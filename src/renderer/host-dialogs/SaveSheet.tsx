/**
 * The browser host's "Save as" and "Open" sheet. Chromium has no file dialog that tells the
 * app a path, so the main process asks the renderer to draw one; in Electron the system's own
 * dialogs are used and this never appears.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SaveSheetRequest } from '../../shared/ipc/host-dialogs';
import { Field } from '../ui/forms';

interface Pending {
  request: SaveSheetRequest;
  answer: (path: string | null) => void;
}

export function SaveSheet() {
  const [pending, setPending] = useState<Pending | null>(null);
  const [path, setPath] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(
    () =>
      window.latchkey.hostDialogs?.handleSaveDialog(
        (request) =>
          new Promise<string | null>((resolve) => {
            setPath(request.defaultPath);
            setPending({ request, answer: resolve });
          }),
      ),
    [],
  );
  useEffect(() => {
    if (pending && !dialog.current?.open) dialog.current?.showModal();
  }, [pending]);

  const finish = (answer: string | null) => {
    pending?.answer(answer);
    setPending(null);
    dialog.current?.close();
  };
  const opening = pending?.request.kind === 'open';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    finish(path.trim());
  };

  return (
    <dialog ref={dialog} className="sheet" aria-labelledby="save-sheet-title" onCancel={() => finish(null)}>
      {pending && (
        <form onSubmit={submit}>
          <h2 id="save-sheet-title">{pending.request.title}</h2>
          <Field label={opening ? 'Open' : 'Save as'} hint={`The full path of the file, for example /home/you/Documents/${opening ? 'passwords.csv' : 'kit.pdf'}.`} required value={path} onChange={(e) => setPath(e.target.value)} autoFocus />
          {/* A long path scrolls inside the field; the whole of it, folder first, is shown here, wrapped. */}
          {path.trim() && (
            <p className="whole-path">
              {opening ? 'Opens' : 'Saves to'} <code>{path.trim()}</code>
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="primary">
              {opening ? 'Open' : 'Save'}
            </button>
            <button type="button" onClick={() => finish(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

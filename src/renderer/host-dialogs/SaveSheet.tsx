/**
 * The browser host's "Save as" sheet. Chromium has no save dialog that tells the app a path,
 * so the main process asks the renderer to draw one; in Electron the system's own dialog is
 * used and this never appears.
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    finish(path.trim());
  };

  return (
    <dialog ref={dialog} className="sheet" aria-labelledby="save-sheet-title" onCancel={() => finish(null)}>
      {pending && (
        <form onSubmit={submit}>
          <h2 id="save-sheet-title">{pending.request.title}</h2>
          <Field label="Save as" hint="The full path of the file, for example /home/you/Documents/kit.pdf." required value={path} onChange={(e) => setPath(e.target.value)} autoFocus />
          {/* A long path scrolls inside the field; the whole of it, folder first, is shown here, wrapped. */}
          {path.trim() && (
            <p className="whole-path">
              Saves to <code>{path.trim()}</code>
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="primary">
              Save
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

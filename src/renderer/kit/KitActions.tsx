/**
 * Save, print or copy: the three ways to keep a Secret Key, with what happened said in
 * words after each. Used at sign-up and from the account's settings.
 */
import { useState } from 'react';
import { call } from '../ipc/call';
import { Alert, useAction } from '../ui/forms';

export type KeptBy = 'saved' | 'printed' | 'copied';

export function EmergencyKitActions({ accountId, onKept }: { accountId: string; onKept?: (how: KeptBy) => void }) {
  const [status, setStatus] = useState('');
  const [preview, setPreview] = useState<string | null>(null);
  const action = useAction();

  const save = () =>
    action.run(async () => {
      const outcome = await call('emergencyKit.save', { accountId });
      if (outcome.status === 'saved') {
        setStatus(`Saved to ${outcome.path}`);
        onKept?.('saved');
      } else setStatus('Not saved: you closed the save dialog.');
    });

  const showPreview = () =>
    action.run(async () => {
      setStatus('');
      setPreview((await call('emergencyKit.preview', { accountId })).image);
    });

  const print = () =>
    action.run(async () => {
      const outcome = await call('emergencyKit.print', { accountId });
      setPreview(null);
      if (outcome.status === 'printed') {
        setStatus('Sent to the printer.');
        onKept?.('printed');
      } else if (outcome.status === 'dialog-closed') {
        // Chromium does not say whether it printed, so this does not count as kept.
        setStatus('The print dialog closed. If your kit printed, keep it somewhere safe.');
      } else if (outcome.status === 'cancelled') setStatus('Not printed: you cancelled printing.');
      else setStatus(`Not printed: ${outcome.reason}`);
    });

  const copy = () =>
    action.run(async () => {
      await call('secretKey.copy', { accountId });
      setStatus('Secret Key copied. Latchkey clears it from the clipboard in 90 seconds.');
      onKept?.('copied');
    });

  return (
    <div className="kit-actions">
      <div className="button-row">
        <button type="button" onClick={save} disabled={action.busy}>
          Save Emergency Kit…
        </button>
        <button type="button" onClick={showPreview} disabled={action.busy}>
          Print Emergency Kit…
        </button>
        <button type="button" onClick={copy} disabled={action.busy}>
          Copy Secret Key
        </button>
      </div>
      {status && (
        <p role="status" className="status">
          {status}
        </p>
      )}
      <Alert>{action.error}</Alert>
      {preview && (
        <section className="print-preview" aria-label="Print preview">
          <h2>Print preview</h2>
          <p>This is the page that will print.</p>
          <img src={preview} alt="The Emergency Kit page as it will print" />
          <div className="button-row">
            <button type="button" onClick={print} disabled={action.busy}>
              Print
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              Close preview
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

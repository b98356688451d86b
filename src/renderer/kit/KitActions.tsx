/**
 * Save, print or copy: the ways to keep a kit's secret (the Secret Key of an Emergency Kit,
 * the code of a Recovery Kit), with what happened said in words after each. Used at sign-up,
 * from the account's settings, and in the recovery code wizard.
 */
import { useState } from 'react';
import type { KitKind } from '../../shared/ipc/channels/kit';
import { call } from '../ipc/call';
import { Alert, useAction } from '../ui/forms';

export type KeptBy = 'saved' | 'printed' | 'copied';

const names: Record<KitKind, { kit: string; secret: string; copy: 'secretKey.copy' | 'recoveryCode.copy' }> = {
  emergency: { kit: 'Emergency Kit', secret: 'Secret Key', copy: 'secretKey.copy' },
  recovery: { kit: 'Recovery Kit', secret: 'recovery code', copy: 'recoveryCode.copy' },
};

export function KitActions({ accountId, kind, onKept }: { accountId: string; kind: KitKind; onKept?: (how: KeptBy) => void }) {
  const { kit, secret, copy: copyChannel } = names[kind];
  const [status, setStatus] = useState('');
  const [preview, setPreview] = useState<string | null>(null);
  const action = useAction();

  const save = () =>
    action.run(async () => {
      const outcome = await call('kit.save', { accountId, kind });
      if (outcome.status === 'saved') {
        setStatus(`Saved to ${outcome.path}`);
        onKept?.('saved');
      } else setStatus('Not saved: you closed the save dialog.');
    });

  const showPreview = () =>
    action.run(async () => {
      setStatus('');
      setPreview((await call('kit.preview', { accountId, kind })).image);
    });

  const print = () =>
    action.run(async () => {
      const outcome = await call('kit.print', { accountId, kind });
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
      const { clearsAt } = await call(copyChannel, { accountId });
      const seconds = Math.max(1, Math.round((Date.parse(clearsAt) - Date.now()) / 1000));
      setStatus(`${secret[0]?.toUpperCase()}${secret.slice(1)} copied. Latchkey clears it from the clipboard in ${seconds} seconds.`);
      onKept?.('copied');
    });

  return (
    <div className="kit-actions">
      <div className="button-row">
        <button type="button" onClick={save} disabled={action.busy}>
          Save {kit}…
        </button>
        <button type="button" onClick={showPreview} disabled={action.busy}>
          Print {kit}…
        </button>
        <button type="button" onClick={copy} disabled={action.busy}>
          Copy {secret}
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
          <img src={preview} alt={`The ${kit} page as it will print`} />
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

export function EmergencyKitActions(props: { accountId: string; onKept?: (how: KeptBy) => void }) {
  return <KitActions kind="emergency" {...props} />;
}

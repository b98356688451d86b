/**
 * Save, print or copy: the ways to keep a kit's secret (the Secret Key of an Emergency Kit,
 * the code of a Recovery Kit), with what happened said in words after each. Used at sign-up,
 * from the account's settings, and in the recovery code wizard. When the main process asks
 * for the password again (its check is 5 minutes old, or the account locked), it is asked
 * for here, in place, and the action runs again.
 */
import { useState } from 'react';
import type { KitKind } from '../../shared/ipc/channels/kit';
import { PasswordCheck } from '../account/PasswordCheck';
import { call, CallError } from '../ipc/call';
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
  /** The action the main process refused until the password is entered again, and its words. */
  const [pending, setPending] = useState<{ task: () => Promise<void>; message: string } | null>(null);
  const run = (task: () => Promise<void>) =>
    action.run(async () => {
      setPending(null);
      try {
        await task();
      } catch (failure) {
        if (!(failure instanceof CallError && failure.error.code === 'reauth-required')) throw failure;
        setPreview(null);
        setPending({ task, message: failure.error.message });
      }
    });

  const save = () =>
    run(async () => {
      const outcome = await call('kit.save', { accountId, kind });
      if (outcome.status === 'saved') {
        setStatus(`Saved to ${outcome.path}`);
        onKept?.('saved');
      } else setStatus('Not saved: you closed the save dialog.');
    });

  const showPreview = () =>
    run(async () => {
      setStatus('');
      setPreview((await call('kit.preview', { accountId, kind })).image);
    });

  const print = () =>
    run(async () => {
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
    run(async () => {
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
      {pending && (
        <PasswordCheck accountId={accountId} className="password-check" submitLabel="Continue" autoFocus onChecked={() => void run(pending.task)} onCancel={() => setPending(null)}>
          <h2>Enter your password</h2>
          <p>{pending.message}</p>
        </PasswordCheck>
      )}
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

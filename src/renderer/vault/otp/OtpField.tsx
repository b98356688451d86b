/**
 * A login's live one-time code in the item detail: the code, when it changes, and
 * Copy (through the secret clipboard). The main process makes each code; the secret never comes
 * here. A new code is asked for when the current one expires (one timeout at its expiry), or when
 * the item's version changes.
 */
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { call, messageOf } from '../../ipc/call';

type Code = ResponseOf<'vault.otp'>;

export function OtpField({ accountId, vaultId, itemId, version }: { accountId: string; vaultId: string; itemId: string; version: number }) {
  const [code, setCode] = useState<Code | null>(null);
  const [message, setMessage] = useState('');

  // One read now, and one more when the code shown expires (a timeout at its own expiry, no ticking).
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () =>
      void call('vault.otp', { accountId, vaultId, itemId }).then(
        (next) => {
          if (!current) return;
          setCode(next);
          timer = setTimeout(read, Math.max(0, Date.parse(next.expiresAt) - Date.now()));
        },
        (failure: unknown) => current && setMessage(messageOf(failure)),
      );
    read();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [accountId, vaultId, itemId, version]);

  const copy = () =>
    void call('vault.copyOtp', { accountId, vaultId, itemId })
      .then(({ clearsAt }) => setMessage(`Copied the one-time code. The clipboard is cleared at ${new Date(clearsAt).toLocaleTimeString()}.`))
      .catch((failure: unknown) => setMessage(messageOf(failure)));

  const shown = code === null ? '' : `${code.code.slice(0, code.code.length / 2)} ${code.code.slice(code.code.length / 2)}`;
  return (
    <div className="field otp-field" role="group" aria-label="One-time password">
      <span className="label">One-time password</span>
      <div className="button-row">
        <span role="timer" className="mono otp-code" aria-label="Current one-time code">
          {shown || '… …'}
        </span>
        {code !== null && <Countdown key={code.expiresAt} code={code} />}
        <button type="button" onClick={copy} disabled={shown === ''}>
          Copy code
        </button>
      </div>
      {message && (
        <p className="hint" role="status">
          {message}
        </p>
      )}
    </div>
  );
}

/** When the code changes, in words, and a bar that empties until then (a CSS animation; keyed by the code, so each code starts its own). */
function Countdown({ code }: { code: Code }) {
  const changesAt = new Date(code.expiresAt);
  const [left] = useState(() => Math.max(0, (changesAt.getTime() - Date.now()) / 1000));
  const at = changesAt.toLocaleTimeString();
  return (
    <span className="hint">
      {`Changes at ${at}`}
      <span className="otp-countdown" role="progressbar" aria-label="Time left for this code" aria-valuetext={`Changes at ${at}`}>
        <span style={{ animationDuration: `${left}s`, width: `${(100 * left) / code.period}%` }} />
      </span>
    </span>
  );
}

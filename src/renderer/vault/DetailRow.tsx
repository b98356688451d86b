/** One field of an item's detail: its label and value, hidden until revealed when secret, and Copy when it can be copied. */
import { useState } from 'react';

const MASK = '••••••••';

export function DetailRow({ label, value, secret = false, onCopy }: { label: string; value: string; secret?: boolean; onCopy?: (() => void) | undefined }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="detail-row">
      <dt>{label}</dt>
      <dd>
        <span className={secret ? 'mono' : undefined} style={{ whiteSpace: 'pre-wrap' }}>
          {secret && !shown ? MASK : value}
        </span>
        {secret && (
          <button type="button" aria-pressed={shown} aria-label={`${shown ? 'Hide' : 'Reveal'} ${label}`} onClick={() => setShown((s) => !s)}>
            {shown ? 'Hide' : 'Reveal'}
          </button>
        )}
        {onCopy && (
          <button type="button" aria-label={`Copy ${label}`} onClick={onCopy}>
            Copy
          </button>
        )}
      </dd>
    </div>
  );
}

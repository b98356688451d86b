/**
 * Adding a one-time password to a login: paste the site's setup key or otpauth:// link, or
 * choose an image of its QR code. Checked here with the same reader the main process uses; what
 * the host form gets is the URI to store (the main process reads it again when it saves).
 */
import { useId, useRef, useState } from 'react';
import { otpUri, readOtpSetup } from '../../../shared/vault/otp-setup';
import { Alert } from '../../ui/forms';
import { otpSetupMessages } from './otp-messages';
import { readQrImage } from './read-qr-image';

export function OtpSetup({ onSetup, onCancel }: { onSetup: (uri: string) => void; onCancel: () => void }) {
  const inputId = useId();
  const hintId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [reading, setReading] = useState(false);

  const apply = (input: string) => {
    const result = readOtpSetup(input);
    if (result.ok) onSetup(otpUri(result.setup));
    else setError(otpSetupMessages[result.error]);
  };
  const chooseImage = async (file: File | undefined) => {
    if (!file) return;
    setReading(true);
    setError('');
    try {
      const result = await readQrImage(file);
      if (!result.ok) return setError(otpSetupMessages[result.error]);
      setText(result.text);
      apply(result.text);
    } finally {
      setReading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <div className="panel" role="group" aria-label="Set up one-time password">
      <div className="field">
        <label htmlFor={inputId}>Setup key or otpauth:// link</label>
        <input
          id={inputId}
          className="mono"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setError('');
          }}
          aria-describedby={hintId}
          aria-invalid={error !== ''}
          autoComplete="off"
          spellCheck={false}
        />
        <p id={hintId} className="hint">
          Copy it from the site&apos;s two-step verification setup, where it shows the QR code.
        </p>
      </div>
      <input ref={fileInput} type="file" accept="image/*" hidden aria-label="QR code image" onChange={(event) => void chooseImage(event.target.files?.[0])} />
      <Alert>{error}</Alert>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => apply(text)}>
          Add one-time password
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} disabled={reading}>
          {reading ? 'Reading image…' : 'Choose QR code image…'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

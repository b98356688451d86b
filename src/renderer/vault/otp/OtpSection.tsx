/**
 * The one-time password part of a login's editor: the live code of the saved setup (which this
 * window never holds) with Remove, a setup just added, or "Set up one-time password…".
 * `keep`: the saved setup stays (false once the user chose Remove: 'vault.save' with removeOtp); `otp`: a new setup's URI, or ''.
 */
import { useState } from 'react';
import { OtpField } from './OtpField';
import { OtpSetup } from './OtpSetup';

interface Props {
  accountId: string;
  vaultId: string;
  saved: { itemId: string; version: number; hasOtp: boolean } | null;
  otp: string;
  keep: boolean;
  onChange: (otp: string, keep: boolean) => void;
}

export function OtpSection({ accountId, vaultId, saved, otp, keep, onChange }: Props) {
  const [settingUp, setSettingUp] = useState(false);
  const remove = (
    <button type="button" onClick={() => onChange('', false)}>
      Remove one-time password
    </button>
  );
  if (keep && saved?.hasOtp) {
    return (
      <>
        <OtpField accountId={accountId} vaultId={vaultId} itemId={saved.itemId} version={saved.version} />
        <div className="button-row">{remove}</div>
      </>
    );
  }
  if (otp !== '') {
    return (
      <div className="field">
        <p role="status">One-time password added. It is kept when you save the item.</p>
        <div className="button-row">{remove}</div>
      </div>
    );
  }
  if (settingUp) {
    return (
      <OtpSetup
        onSetup={(uri) => {
          setSettingUp(false);
          onChange(uri, false);
        }}
        onCancel={() => setSettingUp(false)}
      />
    );
  }
  return (
    <div className="button-row">
      <button type="button" onClick={() => setSettingUp(true)}>
        Set up one-time password…
      </button>
    </div>
  );
}

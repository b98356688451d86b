/**
 * A secret the user must keep (a Secret Key, a recovery code): large, grouped, read-only text
 * that can be focused, selected and copied with the mouse or the keyboard.
 */
import { useId } from 'react';

export function SecretBox({ label, value }: { label: string; value: string }) {
  const id = useId();
  return (
    <div className="secret-box">
      <div className="label" id={id}>
        {label}
      </div>
      <div className="secret" role="textbox" aria-readonly="true" aria-labelledby={id} tabIndex={0}>
        {value}
      </div>
    </div>
  );
}

/**
 * The two ways back into an account whose password or Secret Key is lost, behind a link that
 * opens them: on the sign-in screen ("Having trouble signing in?") and on the Unlock screen
 * ("Forgot your password?").
 */
import { useId, useState } from 'react';

export function TroubleSigningIn({ label, onRecover, onFamilyRecover }: { label: string; onRecover: () => void; onFamilyRecover: () => void }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="trouble">
      <button type="button" className="link" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {label}
      </button>
      {open && (
        <div id={id}>
          <p>If you forgot your account password or lost your Secret Key, there are two ways back in. Both give you a new password and a new Secret Key.</p>
          <ul className="explained">
            <li>
              <strong>Your recovery code</strong>, if you set one up. It keeps working afterwards. If an organizer of your family started recovering you, using your code cancels that.
            </li>
            <li>
              <strong>Your Family Organizer</strong>, in a Families account, once they have started a recovery for you. Your recovery code then stops working, and you make a new one.
            </li>
          </ul>
          <div className="button-row">
            <button type="button" onClick={onRecover}>
              Use recovery code
            </button>
            <button type="button" onClick={onFamilyRecover}>
              Recovered by my Family Organizer
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

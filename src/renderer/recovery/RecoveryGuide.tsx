/**
 * The recovery guide (Help → Recovery Guide): how to get back into an account, in the app
 * itself, so it is there for someone locked out and offline. Its words name the app's own buttons.
 */
import { StepHeading } from '../ui/forms';

export function RecoveryGuide({ onBack }: { onBack: () => void }) {
  return (
    <section className="screen" aria-labelledby="recovery-guide">
      <StepHeading>
        <span id="recovery-guide">Recovery Guide</span>
      </StepHeading>
      <p>Latchkey never has your password, your Secret Key or your recovery code, so nobody at Latchkey can open your account for you. These are the ways back in.</p>
      <h2>You forgot your account password</h2>
      <p>
        On the Unlock screen choose <strong>Forgot your password?</strong>, or on the sign-in screen <strong>Having trouble signing in?</strong>, then <strong>Use recovery code</strong>. You need your email address, the recovery code from your Recovery Kit, and the
        identity check you chose (a code sent to your email, a code from your authenticator app, or your security key). You then choose a new password and save a new Emergency Kit; your
        items stay as they were.
      </p>
      <h2>You are on a new device</h2>
      <p>
        Choose <strong>Sign in</strong> and type your email, the Secret Key from your Emergency Kit and your account password. If you lost the Secret Key or the password, use your recovery
        code as above.
      </p>
      <h2>You are in a family</h2>
      <p>
        Ask your Family Organizer to start a recovery for you from their Family page. Then choose <strong>Having trouble signing in?</strong> and <strong>Recovered by my Family Organizer</strong>.
      </p>
      <h2>Before you need it</h2>
      <p>
        Unlock your account and open <strong>Settings</strong>, then <strong>Sign-In &amp; Recovery</strong>: set up a recovery code, save or print your Emergency Kit and Recovery Kit and keep
        them apart from each other, and use <strong>Check recovery code…</strong> now and then. Without a recovery code, a Family Organizer, or your password and Secret Key, an account
        cannot be opened by anyone.
      </p>
      <button type="button" onClick={onBack}>
        Back
      </button>
    </section>
  );
}

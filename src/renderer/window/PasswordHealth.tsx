/** Password Health's place in the window. The checks (weak, reused, missing two-step codes) are computed in the main process, which does not offer them yet. */
import { StepHeading } from '../ui/forms';

export function PasswordHealth() {
  return (
    <section className="page" aria-label="Password Health">
      <StepHeading>Password Health</StepHeading>
      <p>Password Health will look for weak and reused passwords, and for logins without two-step codes on sites that offer them. It is not available in this version yet.</p>
    </section>
  );
}

/**
 * The step machine both recovery wizards share (with a recovery code, and by a Family
 * Organizer): start, verify what was sent, choose a new password, keep the new Emergency Kit,
 * done. Leaving or starting again first tells the main process to forget the attempt (and wipe
 * its keys). Each wizard keeps its own screens and words; only the order of steps lives here.
 */
import { useState } from 'react';

export type RecoveryStep<Sent, Verified, Recovered> =
  | { name: 'start' }
  | { name: 'verify'; sent: Sent }
  | { name: 'password'; verified: Verified }
  | { name: 'kit'; recovered: Recovered }
  | { name: 'done'; recovered: Recovered };

/** `cancel`: the wizard's channel that forgets the attempt; `onCancel`: leaves the wizard. */
export function useRecoveryWizard<Sent, Verified, Recovered>(cancel: () => Promise<unknown>, onCancel: () => void) {
  const [step, setStep] = useState<RecoveryStep<Sent, Verified, Recovered>>({ name: 'start' });
  return {
    step,
    leave: () => void cancel().finally(onCancel),
    restart: () => void cancel().finally(() => setStep({ name: 'start' })),
    sent: (sent: Sent) => setStep({ name: 'verify', sent }),
    verified: (verified: Verified) => setStep({ name: 'password', verified }),
    /** Runs the recovery with the new password; its answer goes to the kit step. */
    recover: async (complete: () => Promise<Recovered>) => setStep({ name: 'kit', recovered: await complete() }),
    kept: (recovered: Recovered) => setStep({ name: 'done', recovered }),
  };
}

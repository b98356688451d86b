/**
 * The recovery check-up on an account's screens: the quiet reminder banner ("Check now",
 * "Remind me later"; it never blocks anything), and the per-account switch for the reminders.
 * The main process says whether a reminder is due, by its clock; the schedule is stored with
 * the account, so a reminder dismissed here does not come back on another device.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call, messageOf } from '../ipc/call';
import { Alert, useAction } from '../ui/forms';

export type CheckUpState = ResponseOf<'checkUp.status'>;
export type CheckUpLoad = { status: 'loading' } | { status: 'ready'; value: CheckUpState } | { status: 'failed'; message: string };

/**
 * The account's check-up state, and the actions that change it (each answers the new state).
 * Read while `active`, and again each time it becomes true (the caller's screen came back into view).
 */
export function useCheckUp(accountId: string, active = true) {
  const [state, setState] = useState<CheckUpLoad>({ status: 'loading' });
  const action = useAction();
  const reload = useCallback(() => {
    if (!active) return;
    let live = true;
    void call('checkUp.status', { accountId }).then(
      (value) => live && setState({ status: 'ready', value }),
      (failure: unknown) => live && setState({ status: 'failed', message: messageOf(failure) }),
    );
    return () => void (live = false);
  }, [accountId, active]);
  useEffect(reload, [reload]);
  const change = (task: () => Promise<CheckUpState>) => action.run(async () => setState({ status: 'ready', value: await task() }));
  return {
    accountId,
    state,
    action,
    remindLater: () => change(() => call('checkUp.remindLater', { accountId })),
    setReminders: (enabled: boolean) => change(() => call('checkUp.setReminders', { accountId, enabled })),
    confirmKit: () => change(() => call('checkUp.confirmKit', { accountId })),
  };
}
export type CheckUp = ReturnType<typeof useCheckUp>;

/** The reminder, when one is due: a notice with its two actions, never a dialog. */
export function ReminderBanner({ checkUp, onCheckNow }: { checkUp: CheckUp; onCheckNow: () => void }) {
  const [later, setLater] = useState(false);
  const { state, action } = checkUp;
  if (later && state.status === 'ready' && !state.value.reminder.due)
    return (
      <p role="status" className="status">
        We will remind you to check your recovery code again later.
      </p>
    );
  if (state.status !== 'ready' || !state.value.reminder.due) return null;
  const remindLater = () => {
    setLater(true);
    void checkUp.remindLater();
  };
  return (
    <section className="notice" aria-labelledby="recovery-reminder">
      <h2 id="recovery-reminder">Check your recovery code</h2>
      <p>It is time to make sure the recovery code you saved still works. Checking it uses nothing up and changes nothing.</p>
      <div className="button-row">
        <button type="button" className="primary" onClick={onCheckNow}>
          Check now
        </button>
        <button type="button" onClick={remindLater} disabled={action.busy}>
          Remind me later
        </button>
      </div>
      <Alert>{action.error}</Alert>
    </section>
  );
}

/** Reminders on or off for one account (on every device). */
export function ReminderToggle({ checkUp, label = 'Remind me to check my recovery code' }: { checkUp: CheckUp; label?: string }) {
  const { state, action } = checkUp;
  // Plain text, not a live region: Settings' own status line stays the only one there.
  if (state.status === 'failed') return <p className="hint">The reminder setting is not available: {state.message}</p>;
  if (state.status === 'loading') return null;
  return (
    <>
      <label className="checkbox">
        <input type="checkbox" checked={state.value.reminder.enabled} disabled={action.busy} onChange={(e) => void checkUp.setReminders(e.target.checked)} /> {label}
      </label>
      <Alert>{action.error}</Alert>
    </>
  );
}

/** Settings' line for one unlocked account. */
export function AccountReminderSetting({ accountId, email }: { accountId: string; email: string }) {
  return <ReminderToggle checkUp={useCheckUp(accountId)} label={`Remind me to check the recovery code of ${email}`} />;
}

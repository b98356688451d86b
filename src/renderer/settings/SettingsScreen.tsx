/** App settings: how long Latchkey waits without activity before it locks every account, each account's recovery reminders, and the desktop shell's. */
import { useEffect, useState, type FormEvent } from 'react';
import { idleLockMinutes, MAX_IDLE_LOCK_MINUTES } from '../../shared/ipc/channels/lock';
import { call } from '../ipc/call';
import { useChannel } from '../ipc/use-channel';
import { AccountReminderSetting } from '../recovery/CheckUp';
import { DesktopSettingsForm } from './DesktopSettings';
import { TransferSettings } from '../transfer/TransferSettings';
import { Field, FormFooter, StepHeading, useAction } from '../ui/forms';

/** `backLabel`: where `onBack` leads (Manage Accounts, or the window's Settings page). */
export function SettingsScreen({ onBack, backLabel = 'All accounts' }: { onBack: () => void; backLabel?: string }) {
  const action = useAction();
  const [minutes, setMinutes] = useState('');
  const [status, setStatus] = useState('');
  const [invalid, setInvalid] = useState('');
  useEffect(() => {
    void call('lock.settings', {}).then(({ idleLockMinutes }) => setMinutes(String(idleLockMinutes)));
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    // Checked here with the channel's own schema, so the message is next to the field; the main process checks again.
    const checked = idleLockMinutes.safeParse(minutes.trim() === '' ? Number.NaN : Number(minutes));
    setInvalid(checked.success ? '' : (checked.error.issues[0]?.message ?? ''));
    if (!checked.success) return;
    void action.run(async () => {
      const saved = await call('lock.saveSettings', { idleLockMinutes: checked.data });
      setStatus(`Saved. Latchkey locks after ${saved.idleLockMinutes} ${saved.idleLockMinutes === 1 ? 'minute' : 'minutes'} without activity.`);
    });
  };
  return (
    <div className="screen">
      <StepHeading>Settings</StepHeading>
      <form onSubmit={submit}>
        <Field
        label="Lock after this many minutes without activity"
        hint={`From 1 to ${MAX_IDLE_LOCK_MINUTES} (a day). Latchkey also locks when your computer goes to sleep.`}
        inputMode="numeric"
        autoComplete="off"
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        error={invalid || undefined}
      />
        <FormFooter error={action.error} busy={action.busy} submit="Save" secondary={{ label: backLabel, onClick: onBack }} />
        <p role="status" className="status">
          {status}
        </p>
      </form>
      <RecoveryReminders />
      <DesktopSettingsForm />
      <TransferSettings />
    </div>
  );
}

/** Recovery reminders, per account; an account's setting is stored with it, so it needs the account unlocked. */
function RecoveryReminders() {
  const listed = useChannel('accounts.list', {});
  const accounts = listed.status === 'ready' ? listed.value.accounts : [];
  const open = accounts.filter((account) => account.unlocked && !account.needsSecondFactor);
  return (
    <section className="panel" aria-labelledby="reminder-settings">
      <h2 id="reminder-settings">Recovery reminders</h2>
      <p>Now and then Latchkey reminds you to check that your recovery code still works. The choice applies to the account on all your devices.</p>
      {open.map((account) => (
        <AccountReminderSetting key={account.accountId} accountId={account.accountId} email={account.email} />
      ))}
      {open.length < accounts.length && <p className="hint">Unlock an account to change its reminders.</p>}
    </section>
  );
}

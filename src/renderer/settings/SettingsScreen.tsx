/** App settings: for now, how long Latchkey waits without activity before it locks every account. */
import { useEffect, useState, type FormEvent } from 'react';
import { idleLockMinutes, MAX_IDLE_LOCK_MINUTES } from '../../shared/ipc/channels/lock';
import { call } from '../ipc/call';
import { Field, FormFooter, StepHeading, useAction } from '../ui/forms';

export function SettingsScreen({ onBack }: { onBack: () => void }) {
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
    <form className="screen" onSubmit={submit}>
      <StepHeading>Settings</StepHeading>
      <Field
        label="Lock after this many minutes without activity"
        hint={`From 1 to ${MAX_IDLE_LOCK_MINUTES} (a day). Latchkey also locks when your computer goes to sleep.`}
        inputMode="numeric"
        autoComplete="off"
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        error={invalid || undefined}
      />
      <FormFooter error={action.error} busy={action.busy} submit="Save" secondary={{ label: 'All accounts', onClick: onBack }} />
      <p role="status" className="status">
        {status}
      </p>
    </form>
  );
}

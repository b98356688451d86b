/** App settings: for now, how long Latchkey waits without activity before it locks every account. */
import { useEffect, useState, type FormEvent } from 'react';
import { MAX_IDLE_LOCK_MINUTES } from '../../shared/ipc/channels/lock';
import { call } from '../ipc/call';
import { Field, FormFooter, StepHeading, useAction } from '../ui/forms';

export function SettingsScreen({ onBack }: { onBack: () => void }) {
  const action = useAction();
  const [minutes, setMinutes] = useState('');
  const [status, setStatus] = useState('');
  useEffect(() => {
    void call('lock.settings', {}).then(({ idleLockMinutes }) => setMinutes(String(idleLockMinutes)));
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    void action.run(async () => {
      // Sent as typed (a number, or NaN for anything else): the main process says what is wrong.
      const saved = await call('lock.saveSettings', { idleLockMinutes: minutes.trim() === '' ? Number.NaN : Number(minutes) });
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
      />
      <p role="status" className="status">
        {status}
      </p>
      <FormFooter error={action.error} busy={action.busy} submit="Save" secondary={{ label: 'All accounts', onClick: onBack }} />
    </form>
  );
}

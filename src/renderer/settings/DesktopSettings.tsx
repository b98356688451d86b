/** The desktop shell's settings: the Quick Access shortcut and automatic updates (both act in the desktop app; the browser host only keeps them). */
import { useEffect, useState, type FormEvent } from 'react';
import { desktopSettings, type DesktopSettings } from '../../shared/ipc/channels/desktop';
import { call } from '../ipc/call';
import { Field, FormFooter, useAction } from '../ui/forms';

export function DesktopSettingsForm() {
  const action = useAction();
  const [shortcut, setShortcut] = useState('');
  const [autoUpdate, setAutoUpdate] = useState(true);
  const [invalid, setInvalid] = useState('');
  const [status, setStatus] = useState('');
  useEffect(() => {
    void call('desktop.settings', {}).then((saved: DesktopSettings) => {
      setShortcut(saved.quickAccessShortcut);
      setAutoUpdate(saved.autoUpdate);
    });
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    // Checked here with the channel's own schema, so the message is next to the field; the main process checks again.
    const checked = desktopSettings.safeParse({ quickAccessShortcut: shortcut, autoUpdate });
    setInvalid(checked.success ? '' : (checked.error.issues[0]?.message ?? ''));
    if (!checked.success) return;
    void action.run(async () => {
      const saved = await call('desktop.saveSettings', checked.data);
      setStatus(`Saved. ${saved.quickAccessShortcut} opens Quick Access; updates are ${saved.autoUpdate ? 'checked automatically' : 'checked only when you ask'}.`);
    });
  };
  return (
    <section className="panel" aria-labelledby="desktop-settings">
      <h2 id="desktop-settings">Quick Access and updates</h2>
      <form onSubmit={submit}>
        <Field label="Quick Access shortcut" hint="Opens Quick Access from any app, e.g. CommandOrControl+Shift+Space." autoComplete="off" spellCheck={false} value={shortcut} onChange={(e) => setShortcut(e.target.value)} error={invalid || undefined} />
        <label className="checkbox">
          <input type="checkbox" checked={autoUpdate} onChange={(e) => setAutoUpdate(e.target.checked)} /> Check for updates when Latchkey starts and once a day
        </label>
        <FormFooter error={action.error} busy={action.busy} submit="Save Quick Access and updates" />
        <p role="status" className="status">
          {status}
        </p>
      </form>
    </section>
  );
}

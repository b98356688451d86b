/**
 * Where a recovery code is typed (confirming one, checking one, using one). A code is 80
 * characters as printed, more than a one-line field shows, so the field wraps the code over
 * lines instead of scrolling it out of sight; Enter still submits the form, as in any field.
 */
import { useId, type KeyboardEvent } from 'react';

export function RecoveryCodeField({ label, hint, value, onChange }: { label: string; hint: string; value: string; onChange: (value: string) => void }) {
  const id = useId();
  const submitOnEnter = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey) return;
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="hint" id={`${id}-hint`}>
        {hint}
      </div>
      <textarea id={id} className="mono recovery-code" aria-describedby={`${id}-hint`} rows={2} autoComplete="off" spellCheck={false} required value={value} onChange={(e) => onChange(e.target.value)} onKeyDown={submitOnEnter} />
    </div>
  );
}

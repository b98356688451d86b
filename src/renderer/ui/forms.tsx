/** The few form pieces every screen uses, so labels, errors and focus behave the same everywhere. */
import { useEffect, useId, useRef, useState, type InputHTMLAttributes, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react';
import { messageOf } from '../ipc/call';

export function Field({ label, hint, error, ...input }: { label: string; hint?: ReactNode; error?: string | undefined; ref?: Ref<HTMLInputElement> } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <input id={id} aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim() || undefined} aria-invalid={error ? true : undefined} {...input} />
      {error && (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}

/** A labelled multi-line text field. */
export function TextArea({ label, ...props }: { label: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} {...props} />
    </div>
  );
}

/** A step's heading, focused when the step appears so screen readers and keyboards start there; `level` 2 inside a pane. */
/** `id`: for a section the heading names (aria-labelledby). */
export function StepHeading({ children, level = 1, id }: { children: ReactNode; level?: 1 | 2; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <Heading tabIndex={-1} ref={ref} id={id}>
      {children}
    </Heading>
  );
}

export function Alert({ children }: { children: ReactNode }) {
  return children ? (
    <p role="alert" className="alert">
      {children}
    </p>
  ) : null;
}

/** Runs an async action for a form: tracks "busy" and turns a failure into a message. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}

/** The end of a form: its error, the submit button (disabled while busy) and a way back or out. */
export function FormFooter({ error, busy, submit, secondary }: { error: string; busy: boolean; submit: ReactNode; secondary?: { label: string; onClick: () => void } }) {
  return (
    <>
      <Alert>{error}</Alert>
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          {submit}
        </button>
        {secondary && (
          <button type="button" onClick={secondary.onClick}>
            {secondary.label}
          </button>
        )}
      </div>
    </>
  );
}

/** Asks before an action that cannot be undone; the question takes focus so it is read first. */
export function Confirm({ question, confirm, busy, onConfirm, onCancel }: { question: ReactNode; confirm: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const id = useId();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div role="group" aria-labelledby={id} className="confirm">
      <p id={id} tabIndex={-1} ref={ref}>
        {question}
      </p>
      <div className="button-row">
        <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** The last step of a flow: what happened, in a few words, and one button back. */
export function DoneStep({ heading, children, onDone }: { heading: string; children: ReactNode; onDone: () => void }) {
  return (
    <section className="screen">
      <StepHeading>{heading}</StepHeading>
      {children}
      <div className="button-row">
        <button type="button" className="primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

/**
 * The embedded server's local mailbox: without SMTP its emails (verification codes, notices)
 * are files in the data folder, and this shows them, newest first, with the text selectable.
 * As a panel next to "we sent you a code", and as a screen of its own.
 */
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call, messageOf } from '../ipc/call';
import { useChannel } from '../ipc/use-channel';
import { Alert, StepHeading } from '../ui/forms';

type Message = ResponseOf<'localMailbox.list'>['messages'][number];

export function LocalMailbox() {
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [error, setError] = useState('');
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let current = true;
    call('localMailbox.list', {}).then(
      (answer) => current && (setMessages(answer.messages), setError('')),
      (failure: unknown) => current && setError(messageOf(failure)),
    );
    return () => {
      current = false;
    };
  }, [asked]);
  return (
    <section className="panel mailbox" aria-labelledby="local-mailbox-title">
      <h2 id="local-mailbox-title">Local mailbox</h2>
      {messages?.length === 0 && <p>No messages yet.</p>}
      {messages?.map((message) => (
        <article key={message.id} aria-label={message.subject}>
          <h3>{message.subject}</h3>
          <p className="hint">
            To {message.to}
            {message.date && `, ${new Date(message.date).toLocaleString()}`}
          </p>
          <pre>{message.text}</pre>
        </article>
      ))}
      <Alert>{error}</Alert>
      <button type="button" onClick={() => setAsked(asked + 1)}>
        Refresh
      </button>
    </section>
  );
}

/** Said next to every "we sent you a code": where the email is, and a button to open it here. */
export function LocalMailboxToggle() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <p>
        This app runs its own server, so the email is in its local mailbox.{' '}
        <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Close local mailbox' : 'Open local mailbox'}
        </button>
      </p>
      {open && <LocalMailbox />}
    </>
  );
}

export function LocalMailboxScreen({ onBack }: { onBack: () => void }) {
  return (
    <section className="screen">
      <StepHeading>Your local mailbox</StepHeading>
      <p className="lead">This app runs its own sync server, which keeps the emails it sends in the data folder instead of sending them. Here they are.</p>
      <LocalMailbox />
      <div className="button-row">
        <button type="button" onClick={onBack}>
          Back
        </button>
      </div>
    </section>
  );
}

/** The way to the local mailbox screen, shown only when the app's server keeps its mail there. */
export function LocalMailboxLink({ onOpen }: { onOpen: () => void }) {
  const info = useChannel('app.info', {});
  if (info.status !== 'ready' || !info.value.server.localMailbox) return null;
  return (
    <button type="button" className="link" onClick={onOpen}>
      Open local mailbox
    </button>
  );
}

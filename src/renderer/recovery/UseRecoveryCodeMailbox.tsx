/** The embedded server's local mailbox, for the address being recovered: where its emails go without SMTP. */
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call, messageOf } from '../ipc/call';
import { Alert } from '../ui/forms';

type Message = ResponseOf<'recoveryUse.localMailbox'>['messages'][number];

export function LocalMailbox() {
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [error, setError] = useState('');
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let current = true;
    call('recoveryUse.localMailbox', {}).then(
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
          {message.date && <p className="hint">{new Date(message.date).toLocaleString()}</p>}
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

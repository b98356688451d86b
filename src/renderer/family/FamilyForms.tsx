/** The Family page's forms: inviting someone (organizers), and checking an organizer's security code (everyone). */
import { useState, type FormEvent } from 'react';
import type { FamilySummary } from '../../shared/ipc/channels/family';
import { call } from '../ipc/call';
import { formatDate } from '../recovery/SetupRecoveryCode';
import { Alert, Field, FormFooter, useAction } from '../ui/forms';

/** `onChanged(family, done)`: the family as it is after an invitation was sent, sent again or cancelled, and what to say. */
export function Invite({ accountId, family, onChanged }: { accountId: string; family: FamilySummary; onChanged: (family: FamilySummary, done: string) => void }) {
  const [email, setEmail] = useState('');
  const action = useAction();
  const pending = useAction();
  const send = async (to: string, done: (sentTo: string) => string) => {
    const sent = await call('family.invite', { accountId, email: to });
    const { family: updated } = await call('family.get', { accountId });
    if (updated) onChanged(updated, done(sent.email));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await send(email, (sentTo) => `Invitation sent to ${sentTo}.`);
      setEmail('');
    });
  };
  const sendAgain = (to: string) => void pending.run(() => send(to, (sentTo) => `A new invitation was sent to ${sentTo}; the code in the earlier email no longer works.`));
  const cancel = (to: string) => void pending.run(async () => onChanged((await call('family.cancelInvite', { accountId, email: to })).family, `The invitation to ${to} was cancelled: its code no longer works.`));
  return (
    <form className="panel" aria-labelledby="family-invite" onSubmit={submit}>
      <h2 id="family-invite">Invite someone</h2>
      <p>They get an invitation code by email, create their own account with that address (their password and Secret Key stay theirs), and join from their account's Family page.</p>
      <p>To join they also need your security code. Tell it to them in person or by phone, not by email: it proves the family's keys are yours.</p>
      <p>Your security code: <strong className="mono">{family.securityCode}</strong></p>
      <Field label="Their email address" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Sending…' : 'Send invitation'} />
      {family.invites.length > 0 && (
        <>
          <h3 id="family-invites">Waiting to join</h3>
          <ul aria-labelledby="family-invites">
            {family.invites.map((invite) => (
              <li key={invite.email}>
                {invite.email}, until {formatDate(invite.expiresAt)}{' '}
                <button type="button" disabled={pending.busy} aria-label={`Send the invitation to ${invite.email} again`} onClick={() => sendAgain(invite.email)}>
                  Send again
                </button>{' '}
                <button type="button" disabled={pending.busy} aria-label={`Cancel the invitation to ${invite.email}`} onClick={() => cancel(invite.email)}>
                  Cancel invitation
                </button>
              </li>
            ))}
          </ul>
          <Alert>{pending.error}</Alert>
        </>
      )}
    </form>
  );
}

/**
 * Trusting an organizer made after this account joined: the person types the security code the
 * organizer told them out of band. Until then, a family key that organizer signs is refused.
 */
export function CheckOrganizer({ accountId, onTrusted }: { accountId: string; onTrusted: (family: FamilySummary) => void }) {
  const [code, setCode] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const { family } = await call('family.trustOrganizer', { accountId, organizerCode: code });
      setCode('');
      onTrusted(family);
    });
  };
  return (
    <form className="panel" aria-labelledby="family-check-organizer" onSubmit={submit}>
      <h2 id="family-check-organizer">Check an organizer&apos;s security code</h2>
      <p>
        If someone became a Family Organizer after you joined, ask them for their security code in person or by phone and type it here. Until you do, Latchkey
        refuses family keys they made, and you cannot make new vaults.
      </p>
      <Field label="Organizer's security code" className="mono" required value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} maxLength={200} />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Checking…' : 'Trust this organizer'} />
    </form>
  );
}

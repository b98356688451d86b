/** An organizer hands the role to another member and stays in the family as a member. */
import { useState, type FormEvent } from 'react';
import type { FamilySummary } from '../../shared/ipc/channels/family';
import { call } from '../ipc/call';
import { Alert, Confirm, FormFooter, useAction } from '../ui/forms';

export function StepDown({ accountId, family, onSteppedDown }: { accountId: string; family: FamilySummary; onSteppedDown: (family: FamilySummary, done: string) => void }) {
  const others = family.members.filter((member) => member.accountId !== family.you);
  const [successorId, setSuccessorId] = useState('');
  const [asking, setAsking] = useState(false);
  const action = useAction();
  if (others.length === 0) return null;
  const successor = others.find((member) => member.accountId === successorId) ?? others[0]!;
  const ask = (event: FormEvent) => (event.preventDefault(), setAsking(true));
  const stepDown = () =>
    void action.run(async () => {
      const { family: updated } = await call('family.stepDown', { accountId, memberId: successor.accountId });
      setAsking(false);
      onSteppedDown(updated, `${successor.email} is now a Family Organizer, and you are a member. The family's recovery key was replaced.`);
    });
  return (
    <form className="panel" aria-labelledby="family-step-down" onSubmit={ask}>
      <h2 id="family-step-down">Step down as organizer</h2>
      <p>Hand the organizer role to someone else and stay in the family as a member. You keep your items; you can no longer invite, remove or recover anyone.</p>
      <label htmlFor="family-successor">New organizer</label>
      <select id="family-successor" value={successor.accountId} onChange={(event) => (setSuccessorId(event.target.value), setAsking(false))}>
        {others.map((member) => (
          <option key={member.accountId} value={member.accountId}>
            {member.email}
            {member.role === 'organizer' ? ' (already an organizer)' : ''}
          </option>
        ))}
      </select>
      {asking ? (
        <Confirm
          question={`Step down and make ${successor.email} the organizer? Your app replaces the family's recovery key, so the copy your devices hold stops working.`}
          confirm="Step down"
          busy={action.busy}
          onConfirm={stepDown}
          onCancel={() => setAsking(false)}
        />
      ) : null}
      {asking ? (
        <Alert>{action.error}</Alert>
      ) : (
        <FormFooter error={action.error} busy={action.busy} submit="Step down…" />
      )}
    </form>
  );
}

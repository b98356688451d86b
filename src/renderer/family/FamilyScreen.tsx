/**
 * An account's family: create or join one; the members and their roles; and, for a Family
 * Organizer, invitations, roles, removal, and recovering a member. Every decision point says
 * in plain words what it does, above all to the member's recovery code.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { FamilySummary } from '../../shared/ipc/channels/family';
import type { ResponseOf } from '../../shared/ipc/contract';
import { CallError, call, messageOf } from '../ipc/call';
import { useEvent } from '../ipc/use-event';
import { formatDate } from '../recovery/SetupRecoveryCode';
import { Alert, Confirm, Field, FormFooter, StepHeading, useAction } from '../ui/forms';
import { roleLine } from './FamilyEntry';
import { CheckOrganizer, Invite } from './FamilyForms';
import { CancelledRecoveries, RecoveryRequests } from './RecoveryRequests';
import { StepDown } from './StepDown';

type Member = FamilySummary['members'][number];
type Recovery = FamilySummary['recoveries'][number];
type Asking = { kind: 'recover' | 'remove' | 'promote' | 'demote'; member: Member } | { kind: 'cancel'; recovery: Recovery };

export const WHAT_ORGANIZERS_CAN =
  "Family Organizers can recover a member who is locked out. To give the member's items back, an organizer's app opens the member's vaults through the family's recovery group, so join only a family whose organizers you trust.";

export function FamilyScreen({ accountId, onClose }: { accountId: string; onClose: () => void }) {
  const [family, setFamily] = useState<FamilySummary | null | undefined>(undefined);
  const [loadError, setLoadError] = useState('');
  const load = useCallback(
    () =>
      void call('family.get', { accountId }).then(
        (answer) => (setFamily(answer.family), setLoadError('')),
        (failure: unknown) => setLoadError(messageOf(failure)),
      ),
    [accountId],
  );
  useEffect(load, [load]);
  // The core's background sync says when the family changed (a member set their new password, joined, left).
  useEvent('family.changed', (change) => change.accountId === accountId && load());

  return (
    <section className="screen" aria-labelledby="family-title">
      <StepHeading>{family ? family.name : 'Family'}</StepHeading>
      {family === undefined && !loadError && <p role="status">Loading your family…</p>}
      <Alert>{loadError}</Alert>
      {family === null && <NoFamily accountId={accountId} onFamily={setFamily} />}
      {family && <Family accountId={accountId} family={family} onFamily={setFamily} />}
      <div className="button-row">
        <button type="button" onClick={onClose}>
          Back to account
        </button>
      </div>
    </section>
  );
}

function NoFamily({ accountId, onFamily }: { accountId: string; onFamily: (family: FamilySummary) => void }) {
  const [name, setName] = useState('');
  const [inviteToken, setInviteToken] = useState('');
  const [organizerCode, setOrganizerCode] = useState('');
  const [invitation, setInvitation] = useState<ResponseOf<'family.invitation'> | null>(null);
  const create = useAction();
  const join = useAction();
  const submitCreate = (event: FormEvent) => {
    event.preventDefault();
    void create.run(async () => onFamily((await call('family.create', { accountId, name })).family));
  };
  const submitJoin = (event: FormEvent) => {
    event.preventDefault();
    void join.run(async () => {
      try {
        if (!invitation) setInvitation(await call('family.invitation', { accountId, inviteToken }));
        else onFamily((await call('family.join', { accountId, inviteToken, organizerCode })).family);
      } catch (failure) {
        // An invitation that expired or was cancelled meanwhile: back to the code, with what to do.
        if (failure instanceof CallError && failure.error.code === 'code-invalid') {
          setInvitation(null);
          setOrganizerCode('');
        }
        throw failure;
      }
    });
  };
  return (
    <>
      <p>This account is not in a family.</p>
      <form className="panel" aria-labelledby="create-family" onSubmit={submitCreate}>
        <h2 id="create-family">Create a family</h2>
        <p>You become its Family Organizer: you invite the others, and you can help them back in if they are ever locked out. You can make others organizers too.</p>
        <Field label="Family name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <FormFooter error={create.error} busy={create.busy} submit={create.busy ? 'Creating…' : 'Create family'} />
      </form>
      <form className="panel" aria-labelledby="join-family" onSubmit={submitJoin}>
        <h2 id="join-family">Join a family</h2>
        <p>An organizer sends the invitation to this account's email address.</p>
        <Field
          label="Invitation code"
          className="mono"
          autoComplete="off"
          spellCheck={false}
          required
          hint="From the invitation email."
          value={inviteToken}
          onChange={(e) => (setInviteToken(e.target.value), setInvitation(null))}
        />
        {invitation && (
          <div role="status" className="notice">
            <p>
              <strong>{invitation.invitedBy}</strong> invited you to <strong>{invitation.familyName}</strong>.
            </p>
            <p>{WHAT_ORGANIZERS_CAN}</p>
          </div>
        )}
        {invitation && (
          <Field
            label="Organizer's security code"
            className="mono"
            autoComplete="off"
            spellCheck={false}
            required
            hint={`Ask ${invitation.invitedBy} for it in person or by phone, not by email: it proves the family's keys are theirs.`}
            value={organizerCode}
            onChange={(e) => setOrganizerCode(e.target.value)}
          />
        )}
        <FormFooter error={join.error} busy={join.busy} submit={invitation ? `Join ${invitation.familyName}` : 'Check invitation'} />
      </form>
    </>
  );
}

function Family({ accountId, family, onFamily }: { accountId: string; family: FamilySummary; onFamily: (family: FamilySummary) => void }) {
  const organizer = family.role === 'organizer';
  const [asking, setAsking] = useState<Asking | null>(null);
  const [status, setStatus] = useState('');
  const action = useAction();
  const act = ({ done, change }: { done: string; change: () => Promise<{ family: FamilySummary }> }) =>
    void action.run(async () => {
      onFamily((await change()).family);
      setAsking(null);
      setStatus(done);
    });
  const ownRecovery = family.recoveries.find((recovery) => recovery.accountId === family.you);

  return (
    <>
      <p className="lead">{roleLine(family)}</p>
      {!organizer && <p>{WHAT_ORGANIZERS_CAN} If you are locked out and have no recovery code, ask one of them to recover your account.</p>}
      {ownRecovery?.stage === 'awaiting-member' && (
        <p className="notice">
          An organizer started recovering your account on {formatDate(ownRecovery.startedAt)}. If you did not ask for it, tell them: while you can sign in, you do not need it, and it stays open until {formatDate(ownRecovery.expiresAt)}.
        </p>
      )}
      <CancelledRecoveries family={family} busy={action.busy} onDismiss={(memberId, email) => act({ done: `The notice about ${email} was dismissed.`, change: () => call('family.dismissCancelledRecovery', { accountId, memberId }) })} />
      <section className="panel" aria-labelledby="family-members">
        <h2 id="family-members">Members</h2>
        <ul className="device-list" aria-labelledby="family-members">
          {family.members.map((member) => (
            <li key={member.accountId}>
              <div>
                <span className="device-name">{member.email}</span>
                {member.accountId === family.you && <span className="badge">You</span>}
                <div className="hint">
                  {member.role === 'organizer' ? 'Family Organizer' : 'Member'}, joined {formatDate(member.joinedAt)}
                </div>
              </div>
              {organizer && member.accountId !== family.you && (
                <div className="button-row">
                  <button type="button" aria-label={`Recover account of ${member.email}`} onClick={() => (setStatus(''), setAsking({ kind: 'recover', member }))}>
                    Recover account…
                  </button>
                  <button type="button" aria-label={`${member.role === 'organizer' ? 'Make a member' : 'Make an organizer'}: ${member.email}`} onClick={() => (setStatus(''), setAsking({ kind: member.role === 'organizer' ? 'demote' : 'promote', member }))}>
                    {member.role === 'organizer' ? 'Make member' : 'Make organizer'}
                  </button>
                  <button type="button" aria-label={`Remove ${member.email} from the family`} onClick={() => (setStatus(''), setAsking({ kind: 'remove', member }))}>
                    Remove…
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>
      {organizer && <RecoveryRequests family={family} onRecover={(member) => (setStatus(''), setAsking({ kind: 'recover', member }))} />}
      {organizer && <Recoveries family={family} onCancel={(recovery) => setAsking({ kind: 'cancel', recovery })} onComplete={(recovery) => act({ done: `${recovery.email} has their items back.`, change: () => call('family.completeRecovery', { accountId, recoveryId: recovery.recoveryId }) })} busy={action.busy} />}
      {organizer && <Invite accountId={accountId} family={family} onChanged={(updated, done) => (onFamily(updated), setStatus(done))} />}
      {organizer && <StepDown accountId={accountId} family={family} onSteppedDown={(updated, done) => (onFamily(updated), setStatus(done))} />}
      <CheckOrganizer accountId={accountId} onTrusted={(updated) => (onFamily(updated), setStatus('The organizer is now trusted: family keys they sign are accepted.'))} />
      {/* Every question here is an organizer's: one still open when this account stops being one is dropped. */}
      {organizer && asking && <AskFirst {...decision(accountId, asking)} busy={action.busy} onCancel={() => setAsking(null)} onConfirm={act} />}
      <Alert>{action.error}</Alert>
      {status && (
        <p role="status" className="status">
          {status}
        </p>
      )}
    </>
  );
}

/** Said before an organizer is made a member or removed: what the rotation of the group key means to them. */
const AN_ORGANIZER_LEAVES = "They can no longer recover anyone: your app replaces the family's recovery key, so any copy their devices kept stops working.";

/** What each organizer action asks before it is done (in the words the thread asked for), says after, and does. */
function decision(accountId: string, asking: Asking): { question: string; confirm: string; done: string; change: () => Promise<{ family: FamilySummary }> } {
  if (asking.kind === 'cancel') {
    const { email, recoveryId } = asking.recovery;
    return {
      question: `Cancel the recovery of ${email}? Their password, Secret Key and recovery code stay as they are.`,
      confirm: 'Cancel recovery',
      done: `The recovery of ${email} was cancelled.`,
      change: () => call('family.cancelRecovery', { accountId, recoveryId }),
    };
  }
  const { email, accountId: memberId } = asking.member;
  switch (asking.kind) {
    case 'recover':
      return {
        question: `Recover the account of ${email}? They get an email, and on their own device choose a new password and get a new Secret Key. Their recovery code stops working, and they will be asked to make a new one. Your app then gives them their items back. If they still have their recovery code, they can use it instead and keep it.`,
        confirm: 'Recover account',
        done: `Recovery started: we emailed ${email}. When they have chosen a new password, complete the recovery here.`,
        change: () => call('family.startRecovery', { accountId, memberId }),
      };
    case 'promote':
      return {
        question: `Make ${email} a Family Organizer? They will be able to recover members, and to invite, remove and change the role of anyone, you included.`,
        confirm: 'Make organizer',
        done: `${email} is now a Family Organizer.`,
        change: () => call('family.setRole', { accountId, memberId, role: 'organizer' }),
      };
    case 'demote':
      return {
        question: `Make ${email} a member? ${AN_ORGANIZER_LEAVES}`,
        confirm: 'Make member',
        done: `${email} is now a member, and the family's recovery key was replaced.`,
        change: () => call('family.setRole', { accountId, memberId, role: 'member' }),
      };
    case 'remove':
      return {
        question: `Remove ${email} from the family? They keep their own items, lose the family's shared vaults, and no organizer can recover them any more.${asking.member.role === 'organizer' ? ` ${AN_ORGANIZER_LEAVES}` : ''}`,
        confirm: 'Remove from family',
        done: `${email} was removed from the family${asking.member.role === 'organizer' ? ", and the family's recovery key was replaced" : ''}.`,
        change: () => call('family.remove', { accountId, memberId }),
      };
  }
}

function AskFirst(props: ReturnType<typeof decision> & { busy: boolean; onCancel: () => void; onConfirm: (decided: ReturnType<typeof decision>) => void }) {
  return <Confirm question={props.question} confirm={props.confirm} busy={props.busy} onConfirm={() => props.onConfirm(props)} onCancel={props.onCancel} />;
}

function Recoveries({ family, busy, onComplete, onCancel }: { family: FamilySummary; busy: boolean; onComplete: (recovery: Recovery) => void; onCancel: (recovery: Recovery) => void }) {
  if (family.recoveries.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="family-recoveries">
      <h2 id="family-recoveries">Recoveries under way</h2>
      <ul className="device-list" aria-labelledby="family-recoveries">
        {family.recoveries.map((recovery) => (
          <li key={recovery.recoveryId}>
            <div>
              <span className="device-name">{recovery.email}</span>
              <div className="hint">{recovery.stage === 'awaiting-member' ? `Started ${formatDate(recovery.startedAt)}: waiting for them to choose a new password.` : 'They chose a new password: give them their items back.'}</div>
            </div>
            {recovery.stage === 'awaiting-organizer' ? (
              <button type="button" className="primary" disabled={busy} aria-label={`Complete the recovery of ${recovery.email}`} onClick={() => onComplete(recovery)}>
                Complete recovery
              </button>
            ) : (
              <button type="button" aria-label={`Cancel the recovery of ${recovery.email}`} onClick={() => onCancel(recovery)}>
                Cancel…
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Organizers: members who asked, from the sign-in screen, to be recovered; each with the way to
 * start it (asked first). And for whoever started a recovery: the notice that the member got
 * back in with their own recovery code, which cancelled it.
 */
import type { FamilySummary } from '../../shared/ipc/channels/family';
import { formatDate } from '../recovery/SetupRecoveryCode';

type Member = FamilySummary['members'][number];

export function RecoveryRequests({ family, onRecover }: { family: FamilySummary; onRecover: (member: Member) => void }) {
  const asking = family.recoveryRequests.flatMap((request) => {
    const member = family.members.find((candidate) => candidate.accountId === request.accountId);
    return member ? [{ request, member }] : [];
  });
  if (asking.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="family-requests">
      <h2 id="family-requests">Asking you to recover them</h2>
      <p>Check with each of them, in person or by phone, that the request is theirs before you start: anyone who can type their email address can ask.</p>
      <ul className="device-list" aria-labelledby="family-requests">
        {asking.map(({ request, member }) => (
          <li key={request.accountId}>
            <div>
              <span className="device-name">{request.email}</span>
              <div className="hint">Asked {formatDate(request.askedAt)}: they cannot sign in.</div>
            </div>
            <button type="button" aria-label={`Start recovering ${request.email}`} onClick={() => onRecover(member)}>
              Recover account…
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CancelledRecoveries({ family, busy, onDismiss }: { family: FamilySummary; busy: boolean; onDismiss: (memberId: string, email: string) => void }) {
  if (family.cancelledRecoveries.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="family-cancelled">
      <h2 id="family-cancelled">Recoveries no longer needed</h2>
      <ul className="device-list" aria-labelledby="family-cancelled">
        {family.cancelledRecoveries.map((notice) => (
          <li key={notice.accountId}>
            <p>
              {notice.email} recovered their account with their own recovery code on {formatDate(notice.cancelledAt)}, so the recovery you started was cancelled. There is nothing for you to do; if they did not expect it, tell them: someone used their recovery code.
            </p>
            <button type="button" aria-label={`Dismiss the notice about ${notice.email}`} disabled={busy} onClick={() => onDismiss(notice.accountId, notice.email)}>
              Dismiss
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Organizers: members who asked, from the sign-in screen, to be recovered; each with the way to start it (asked first). */
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

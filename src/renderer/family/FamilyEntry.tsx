/** The Family section of an account's page: which family this account is in and its role there, and the way in. */
import { useCallback, useEffect, useState } from 'react';
import type { FamilySummary } from '../../shared/ipc/channels/family';
import { call } from '../ipc/call';
import { useEvent } from '../ipc/use-event';

/** One line naming the family and this account's role in it. */
export function roleLine(family: FamilySummary): string {
  return family.role === 'organizer' ? `You are a Family Organizer of ${family.name}.` : `You are a member of ${family.name}.`;
}

export function FamilyEntry({ accountId, onOpen }: { accountId: string; onOpen: () => void }) {
  const [family, setFamily] = useState<FamilySummary | null | undefined>(undefined);
  const load = useCallback(
    () =>
      void call('family.get', { accountId }).then(
        (answer) => setFamily(answer.family),
        // Offline or refused: the section reads as before it knew, and the Family page says why.
        () => setFamily(undefined),
      ),
    [accountId],
  );
  useEffect(load, [load]);
  useEvent('family.changed', (change) => change.accountId === accountId && load());
  return (
    <section className="panel" aria-labelledby="family-entry">
      <h2 id="family-entry">Family</h2>
      {family ? <p>{roleLine(family)}</p> : <p>Share a Families account: organizers can help members back in if they are locked out.</p>}
      {family === null && <p>This account is not in a family.</p>}
      <button type="button" onClick={onOpen}>
        Family…
      </button>
    </section>
  );
}

/**
 * Password Health for one account: weak passwords, reused passwords (in groups) and logins on
 * sites that offer two-step codes but hold none. The main process works it out; this screen gets
 * item ids and titles only. `onOpen` shows an item (the host's detail pane).
 */
import type { ResponseOf } from '../../../shared/ipc/contract';
import { useChannel } from '../../ipc/use-channel';
import { StepHeading } from '../../ui/forms';

type Health = ResponseOf<'vault.health'>;
type Named = Health['weak'][number] | Health['reused'][number][number];

export function PasswordHealth({ accountId, onOpen }: { accountId: string; onOpen: (item: { vaultId: string; itemId: string }) => void }) {
  const state = useChannel('vault.health', { accountId });
  return (
    <section className="screen" aria-labelledby="password-health">
      <StepHeading>
        <span id="password-health">Password Health</span>
      </StepHeading>
      {state.status === 'loading' && <p role="status">Checking your passwords…</p>}
      {state.status === 'failed' && <p role="alert">{state.error.message}</p>}
      {state.status === 'ready' && <Report health={state.value} onOpen={onOpen} />}
    </section>
  );
}

function Report({ health, onOpen }: { health: Health; onOpen: (item: Named) => void }) {
  const reusedItems = health.reused.reduce((sum, group) => sum + group.length, 0);
  return (
    <>
      <ul className="health-counts" aria-label="Summary">
        <li>{count(health.weak.length, 'weak password', 'weak passwords')}</li>
        <li>{count(reusedItems, 'item shares a password', 'items share passwords')}</li>
        <li>{count(health.missingTwoStep.length, 'login without two-step codes', 'logins without two-step codes')}</li>
      </ul>
      <h2>Weak passwords</h2>
      <ItemList items={health.weak} empty="No weak passwords." detail={(item) => `strength ${item.score} of 4`} onOpen={onOpen} />
      <h2>Reused passwords</h2>
      {health.reused.length === 0 ? (
        <p>No password is used in more than one item.</p>
      ) : (
        health.reused.map((group, index) => (
          <section key={`${group[0]!.vaultId}/${group[0]!.itemId}`} aria-label={`Reused password ${index + 1} of ${health.reused.length}`}>
            <h3>{`The same password in ${group.length} items`}</h3>
            <ItemList items={group} empty="" onOpen={onOpen} />
          </section>
        ))
      )}
      <h2>Two-step codes available</h2>
      <p className="hint">These sites offer codes from an authenticator app. Turn them on at the site, then add the setup to the login.</p>
      <ItemList items={health.missingTwoStep} empty="Every login on such a site has a one-time password." detail={(item) => item.site} onOpen={onOpen} />
    </>
  );
}

function ItemList<T extends Named>({ items, empty, detail, onOpen }: { items: T[]; empty: string; detail?: (item: T) => string; onOpen: (item: T) => void }) {
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <ul>
      {items.map((item) => (
        <li key={`${item.vaultId}/${item.itemId}`}>
          <button type="button" className="link" onClick={() => onOpen(item)}>
            {item.title}
          </button>
          {detail && <span className="hint">{` — ${detail(item)}`}</span>}
        </li>
      ))}
    </ul>
  );
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

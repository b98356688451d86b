/** Manage Accounts: every account signed in on this device (choosing one switches to it; an unlocked one can be renamed), and the ways to add one. */
import { useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { LocalMailboxLink } from '../mailbox/LocalMailbox';
import { StepHeading } from '../ui/forms';
import { RenameAccount } from './RenameAccount';

type Account = ResponseOf<'accounts.list'>['accounts'][number];

const NAME_REFUSED = 'The sync server sent a name for this account that the account did not write, so it was not used. This device shows the name it had.';

/** Unlocked only once the second factor is given too: until then the vault stays closed. */
function stateOf(account: Account): string {
  if (!account.unlocked) return 'Locked';
  return account.needsSecondFactor ? 'Two-step verification needed' : 'Unlocked';
}

export function ManageAccounts(props: { accounts: Account[]; onOpen: (account: Account) => void; onCreate: () => void; onSignIn: () => void; onMailbox: () => void; onSettings: () => void; onRenamed: () => void }) {
  const { accounts, onOpen, onCreate, onSignIn, onSettings } = props;
  const [renaming, setRenaming] = useState<string | null>(null);
  return (
    <section className="screen">
      <StepHeading>Manage Accounts</StepHeading>
      <ul className="account-list" aria-label="Accounts on this device">
        {accounts.map((account) => (
          <li key={account.accountId}>
            <button type="button" className="account-button" onClick={() => onOpen(account)}>
              <span className="account-name">{account.name}</span>
              <span className="account-email">{account.email}</span>
              <span className="account-state">{stateOf(account)}</span>
            </button>
            {account.nameRefused && <p className="notice">{NAME_REFUSED}</p>}
            {renaming === account.accountId ? (
              <RenameAccount account={account} onDone={(renamed) => (setRenaming(null), renamed && props.onRenamed())} />
            ) : (
              account.unlocked && !account.needsSecondFactor && (
                <button type="button" className="link" aria-label={`Rename ${account.email}`} onClick={() => setRenaming(account.accountId)}>
                  Rename…
                </button>
              )
            )}
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" onClick={onSignIn}>
          Sign in to another account
        </button>
        <button type="button" onClick={onCreate}>
          Create a new account
        </button>
        <button type="button" onClick={onSettings}>
          Settings
        </button>
      </div>
      <LocalMailboxLink onOpen={props.onMailbox} />
    </section>
  );
}

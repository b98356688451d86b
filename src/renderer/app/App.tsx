/** Which screen is showing. Accounts come from the main process; nothing secret is kept here. */
import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { AccountHome } from '../account/AccountHome';
import { CreateAccount } from '../account/CreateAccount';
import { ManageAccounts } from '../account/ManageAccounts';
import { SignIn } from '../account/SignIn';
import { SaveSheet } from '../host-dialogs/SaveSheet';
import { call } from '../ipc/call';
import { LocalMailboxScreen } from '../mailbox/LocalMailbox';
import { UseRecoveryCode } from '../recovery/UseRecoveryCode';
import { WelcomeScreen } from '../welcome/WelcomeScreen';

type Account = ResponseOf<'accounts.list'>['accounts'][number];
type Screen = { name: 'home' } | { name: 'create' } | { name: 'sign-in'; email?: string } | { name: 'recover' } | { name: 'mailbox' } | { name: 'account'; accountId: string };

export function App() {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [screen, setScreen] = useState<Screen>({ name: 'home' });
  const refresh = useCallback(() => void call('accounts.list', {}).then(({ accounts }) => setAccounts(accounts)), []);
  useEffect(refresh, [refresh]);
  const home = () => setScreen({ name: 'home' });
  const open = (account: { accountId: string }) => {
    refresh();
    setScreen({ name: 'account', accountId: account.accountId });
  };

  let content;
  if (screen.name === 'create') content = <CreateAccount onCancel={home} onDone={open} />;
  else if (screen.name === 'sign-in') content = <SignIn email={screen.email} onCancel={home} onDone={open} onRecover={() => setScreen({ name: 'recover' })} />;
  else if (screen.name === 'mailbox') content = <LocalMailboxScreen onBack={home} />;
  else if (screen.name === 'recover') content = <UseRecoveryCode onCancel={() => setScreen({ name: 'sign-in' })} onDone={open} />;
  else if (screen.name === 'account' && accounts?.some((account) => account.accountId === screen.accountId)) {
    const account = accounts.find((candidate) => candidate.accountId === screen.accountId) as Account;
    content = <AccountHome key={account.accountId} account={account} onChanged={refresh} onBack={home} onSignInAgain={(email) => setScreen({ name: 'sign-in', email })} />;
  } else {
    const ways = { onCreate: () => setScreen({ name: 'create' }), onSignIn: () => setScreen({ name: 'sign-in' }), onMailbox: () => setScreen({ name: 'mailbox' }) };
    content = accounts && accounts.length > 0 ? <ManageAccounts accounts={accounts} onOpen={open} {...ways} /> : <WelcomeScreen {...ways} />;
  }

  return (
    <>
      <main>{content}</main>
      <SaveSheet />
    </>
  );
}

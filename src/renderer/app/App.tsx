/** Which screen is showing. Accounts come from the main process; nothing secret is kept here. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { AccountHome } from '../account/AccountHome';
import { CreateAccount } from '../account/CreateAccount';
import { ManageAccounts } from '../account/ManageAccounts';
import { SignIn } from '../account/SignIn';
import { SaveSheet } from '../host-dialogs/SaveSheet';
import { call } from '../ipc/call';
import { useEvent } from '../ipc/use-event';
import { useActivityReports } from '../lock/use-activity-reports';
import { LocalMailboxScreen } from '../mailbox/LocalMailbox';
import { RecoveryGuide } from '../recovery/RecoveryGuide';
import { UseRecoveryCode } from '../recovery/UseRecoveryCode';
import { RecoveredByOrganizer } from '../family/RecoveredByOrganizer';
import { SettingsScreen } from '../settings/SettingsScreen';
import { WelcomeScreen } from '../welcome/WelcomeScreen';
import { useAppCommand } from './app-commands';
import { AccountWindow } from '../window/AccountWindow';

type Account = ResponseOf<'accounts.list'>['accounts'][number];
type Screen =
  | { name: 'home' }
  | { name: 'create' }
  | { name: 'sign-in'; email?: string }
  | { name: 'recover'; email?: string }
  | { name: 'family-recover' }
  | { name: 'mailbox' }
  | { name: 'settings' }
  | { name: 'recovery-guide' }
  | { name: 'account'; accountId: string; view?: 'recovery-code' };

export function App() {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [screen, setScreen] = useState<Screen>({ name: 'home' });
  const shown = useRef('');
  // Re-render only on a change, so a read never disturbs what the user is doing.
  const take = useCallback((next: Account[]) => {
    const text = JSON.stringify(next);
    if (text === shown.current) return;
    shown.current = text;
    setAccounts(next);
  }, []);
  const refresh = useCallback(() => void call('accounts.list', {}).then(({ accounts }) => take(accounts)), [take]);
  /** The account as its unlock answered: the window opens on it at once, and the accounts are read again behind it. */
  const unlocked = (account: Account) => {
    if (accounts) take(accounts.map((known) => (known.accountId === account.accountId ? account : known)));
    refresh();
  };
  useEffect(refresh, [refresh]);
  // The core says when an account locked behind the user's back (idle time, sleep), unlocked, or went away.
  useEvent('account.changed', refresh);
  useActivityReports();
  const shownAccount = screen.name === 'account' ? accounts?.find((account) => account.accountId === screen.accountId) : undefined;
  // An unlocked account opens in the window; locked, or waiting for its second step, it shows alone.
  const inWindow = shownAccount !== undefined && shownAccount.unlocked && !shownAccount.needsSecondFactor;
  // The menu's Settings: the app settings screen, unless an account's window shows (it opens its own).
  useAppCommand('settings', () => inWindow || setScreen({ name: 'settings' }));
  // Help → Recovery Guide, whatever shows: it is most needed by someone who cannot unlock.
  useAppCommand('recovery-guide', () => setScreen({ name: 'recovery-guide' }));
  const home = () => setScreen({ name: 'home' });
  const open = (account: { accountId: string }, view?: 'recovery-code') => {
    refresh();
    setScreen({ name: 'account', accountId: account.accountId, ...(view && { view }) });
  };

  const recover = { onRecover: (email: string) => setScreen({ name: 'recover', email }), onFamilyRecover: () => setScreen({ name: 'family-recover' }) };
  let content;
  let mainWindow;
  if (screen.name === 'create') content = <CreateAccount onCancel={home} onDone={open} />;
  else if (screen.name === 'sign-in')
    content = <SignIn email={screen.email} onCancel={home} onDone={open} onRecover={() => setScreen({ name: 'recover' })} onFamilyRecover={() => setScreen({ name: 'family-recover' })} />;
  else if (screen.name === 'family-recover') content = <RecoveredByOrganizer onCancel={() => setScreen({ name: 'sign-in' })} onDone={(account, setUpCode) => open(account, setUpCode ? 'recovery-code' : undefined)} />;
  else if (screen.name === 'mailbox') content = <LocalMailboxScreen onBack={home} />;
  else if (screen.name === 'settings') content = <SettingsScreen onBack={home} />;
  else if (screen.name === 'recovery-guide') content = <RecoveryGuide onBack={home} />;
  else if (screen.name === 'recover') content = <UseRecoveryCode email={screen.email} onCancel={() => setScreen({ name: 'sign-in' })} onDone={(account) => open(account)} />;
  else if (screen.name === 'account' && accounts && shownAccount) {
    const account = shownAccount;
    // A new key when the account locks or unlocks: whatever the page showed (an item, a code) is dropped with it.
    const key = `${account.accountId}:${account.unlocked}`;
    const props = { account, initialView: screen.view, onChanged: refresh, onUnlocked: unlocked, onBack: home, onSignInAgain: (email: string) => setScreen({ name: 'sign-in', email }), recover };
    if (inWindow) mainWindow = <AccountWindow key={key} {...props} accounts={accounts} onOpen={open} />;
    else content = <AccountHome key={key} {...props} />;
  } else {
    const ways = { onCreate: () => setScreen({ name: 'create' }), onSignIn: () => setScreen({ name: 'sign-in' }), onMailbox: () => setScreen({ name: 'mailbox' }) };
    content = accounts && accounts.length > 0 ? <ManageAccounts accounts={accounts} onOpen={open} onSettings={() => setScreen({ name: 'settings' })} onRenamed={refresh} {...ways} /> : <WelcomeScreen {...ways} />;
  }

  return (
    <>
      {mainWindow ?? <main>{content}</main>}
      <SaveSheet />
    </>
  );
}

/**
 * An unlocked account's Settings page in the window (its Family, the app settings, and its
 * Sign-In & Recovery settings (password, Secret Key and
 * Emergency Kit, two-factor status, recovery code and its identity checks, signed-in devices);
 * locking and signing out. Also the Unlock screen and the two-step prompt, before the window.
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call, CallError, messageOf } from '../ipc/call';
import { markUnlockClick } from '../app/perf-marks';
import { useChannel } from '../ipc/use-channel';
import { CheckRecoveryCode } from '../recovery/CheckRecoveryCode';
import { ReminderBanner, useCheckUp } from '../recovery/CheckUp';
import { RecoveryReadiness, type ReadinessTarget } from '../recovery/Readiness';
import { SecurityCode } from './SecurityCode';
import { ChangeRecoveryChecks, RecoveryChecksSummary } from '../recovery/RecoveryChecks';
import { formatDate, SetupRecoveryCode } from '../recovery/SetupRecoveryCode';
import { FamilyEntry } from '../family/FamilyEntry';
import { FamilyScreen } from '../family/FamilyScreen';
import { AddSecurityKey, RemoveSecurityKey, SecurityKeyList, type SecurityKey } from '../two-factor/SecurityKeys';
import { DisableAuthenticator, EnableAuthenticator, SecondFactorPrompt, TwoFactorSummary } from '../two-factor/TwoFactor';
import { Alert, Confirm, Field, FormFooter, StepHeading, useAction } from '../ui/forms';
import { OFFLINE_NOTICE } from '../vault/VaultScreen';
import { ChangePassword } from './ChangePassword';
import { ShowSecretKey } from './ShowSecretKey';
import { SignedInDevices } from './SignedInDevices';
import { TroubleSigningIn } from './TroubleSigningIn';

type Account = ResponseOf<'accounts.list'>['accounts'][number];
/** 'check-code': the "Check recovery code" screen (CheckRecoveryCode), where a reminder's "Check now" leads. */
type View = 'home' | 'recovery-code' | 'recovery-checks' | 'password' | 'secret-key' | 'enable' | 'disable' | 'family' | 'add-key' | 'check-code' | { removeKey: SecurityKey } | Exclude<ReadinessTarget, string>;

/** `recover` offers the ways back in from the Unlock screen (the recovery code with this account's email, or the Family Organizer). */
export type AccountHomeProps = {
  account: Account;
  initialView?: View;
  onChanged: () => void;
  /** The account as the unlock answered it: shown at once, without reading the accounts again first. */
  onUnlocked: (account: Account) => void;
  onBack: () => void;
  onSignInAgain: (email: string) => void;
  recover: { onRecover: (email: string) => void; onFamilyRecover: () => void };
  /** In the window: the readiness checklist's "Open the login", and the app settings. */
  onOpenItem?: (item: { vaultId: string; itemId: string }) => void;
  onAppSettings?: () => void;
};

export function AccountHome(props: AccountHomeProps) {
  const { account, initialView = 'home', onChanged, onBack, onSignInAgain } = props;
  const action = useAction();
  const [recovery, setRecovery] = useState<ResponseOf<'recoveryCode.status'> | null>(null);
  const [recoveryUnknown, setRecoveryUnknown] = useState('');
  const [view, setView] = useState<View>(initialView);
  const [confirmSignOut, setConfirmSignOut] = useState(false);
  // What became of the recovery code when its setup or replacement was left before the end.
  const [leftSetup, setLeftSetup] = useState<string | null>(null);
  const app = useChannel('app.info', {});
  const { accountId, unlocked } = account;
  // Read again each time the page comes back into view: a setup, a check or a new factor changes it.
  const checkUp = useCheckUp(accountId, view === 'home' && unlocked && !account.needsSecondFactor);
  const checkNow = () => setView('check-code');
  const loadRecovery = useCallback(() => {
    if (unlocked)
      void call('recoveryCode.status', { accountId }).then(
        (status) => (setRecovery(status), setRecoveryUnknown('')),
        (failure: unknown) => (setRecovery(null), setRecoveryUnknown(messageOf(failure))),
      );
  }, [accountId, unlocked]);
  useEffect(loadRecovery, [loadRecovery]);
  const home = () => setView('home');

  const lock = () => void action.run(async () => (await call('account.lock', { accountId }), onChanged()));
  if (!unlocked) {
    const forgot = <TroubleSigningIn label="Forgot your password?" onRecover={() => props.recover.onRecover(account.email)} onFamilyRecover={props.recover.onFamilyRecover} />;
    return <Unlock account={account} onUnlocked={props.onUnlocked} onBack={onBack} onSignInAgain={() => onSignInAgain(account.email)} forgot={forgot} />;
  }
  if (account.needsSecondFactor) return <SecondFactorPrompt account={account} onPassed={onChanged} onLock={lock} onBack={onBack} />;
  if (view === 'enable') return <EnableAuthenticator accountId={accountId} onClose={home} />;
  if (view === 'disable') return <DisableAuthenticator accountId={accountId} onClose={home} />;
  if (view === 'add-key') return <AddSecurityKey accountId={accountId} onClose={home} />;
  if (typeof view === 'object' && 'removeKey' in view) return <RemoveSecurityKey accountId={accountId} securityKey={view.removeKey} onClose={home} />;
  if (typeof view === 'object' && 'chooseCheck' in view) return <ChangeRecoveryChecks accountId={accountId} preselect={view.chooseCheck} onClose={home} />;
  if (view === 'password') return <ChangePassword account={account} onClose={home} />;
  if (view === 'secret-key') return <ShowSecretKey accountId={accountId} onClose={home} />;
  if (view === 'recovery-checks') return <ChangeRecoveryChecks accountId={accountId} onClose={home} />;
  if (view === 'family') return <FamilyScreen accountId={accountId} onClose={home} />;
  if (view === 'check-code') return <CheckRecoveryCode accountId={accountId} onReplace={() => setView('recovery-code')} onClose={home} />;
  if (view === 'recovery-code' && recovery)
    return (
      <SetupRecoveryCode
        accountId={accountId}
        status={recovery}
        onClose={(left) => {
          home();
          loadRecovery();
          setLeftSetup(left);
        }}
      />
    );
  const signOut = () =>
    action.run(async () => {
      await call('account.signOut', { accountId });
      onChanged();
      onBack();
    });
  return (
    <section className="screen" aria-labelledby="account-title">
      <StepHeading>{account.name}</StepHeading>
      <p className="lead">
        Signed in as <strong>{account.email}</strong> on <code>{account.serverUrl}</code>
      </p>
      {app.status === 'ready' && !app.value.server.reachable && <p className="notice">{OFFLINE_NOTICE}</p>}
      <ReminderBanner checkUp={checkUp} onCheckNow={checkNow} />
      {props.onAppSettings && (
        <section className="panel" aria-labelledby="app-settings">
          <h2 id="app-settings">App settings</h2>
          <p>When Latchkey locks by itself, recovery reminders, Quick Access and updates, and importing and exporting your items.</p>
          <button type="button" onClick={props.onAppSettings}>
            App settings…
          </button>
        </section>
      )}
      <FamilyEntry accountId={accountId} onOpen={() => setView('family')} />
      <section className="panel" aria-labelledby="sign-in-recovery">
        <h2 id="sign-in-recovery">Sign-In &amp; Recovery</h2>
        <RecoveryReadiness checkUp={checkUp} onOpen={(target) => (typeof target === 'object' && 'openItem' in target ? props.onOpenItem?.(target.openItem) : setView(target))} />
        <h3>Account password</h3>
        <p>You type it to unlock Latchkey and, with your Secret Key, to sign in on a new device.</p>
        <button type="button" onClick={() => setView('password')}>
          Change password…
        </button>
        <h3>Secret Key and Emergency Kit</h3>
        <p>Your Secret Key and sign-in details, for signing in on a new device. Latchkey asks for your password first.</p>
        <button type="button" onClick={() => setView('secret-key')}>
          Show Secret Key…
        </button>
        {unlocked && <SecurityCode accountId={accountId} />}
        <h3>Two-step verification</h3>
        <TwoFactorSummary accountId={accountId} onOpen={setView} />
        <SecurityKeyList accountId={accountId} onAdd={() => setView('add-key')} onRemove={(key) => setView({ removeKey: key })} />
        <h3>Recovery code</h3>
        {leftSetup && <p role="status">{leftSetup}</p>}
        {recovery === null ? (
          <p role="status">{recoveryUnknown ? `The recovery code's status is not available: ${recoveryUnknown}` : 'Checking your recovery code…'}</p>
        ) : recovery.status === 'active' && recovery.createdAt ? (
          <p>
            Created {formatDate(recovery.createdAt)}; {recovery.lastUsedAt ? `last used ${formatDate(recovery.lastUsedAt)}` : 'never used'}.
          </p>
        ) : (
          <p>No recovery code yet. Set one up so you can get back in if you forget your password or lose your Secret Key.</p>
        )}
        {recovery && (
          <button type="button" onClick={() => setView('recovery-code')}>
            {recovery.status === 'active' ? 'Replace recovery code' : 'Set up recovery code'}
          </button>
        )}
        {recovery?.status === 'active' && (
          <button type="button" onClick={() => setView('check-code')}>
            Check recovery code…
          </button>
        )}
        <h3>Identity checks for recovery</h3>
        <RecoveryChecksSummary accountId={accountId} onOpen={() => setView('recovery-checks')} />
        <SignedInDevices accountId={accountId} />
      </section>
      {confirmSignOut && (
        <Confirm
          question="Sign out of this account on this device? Its Secret Key leaves this device's keychain, so you will need your Emergency Kit to sign in here again. Your other devices stay signed in."
          confirm="Sign out of this account"
          busy={action.busy}
          onConfirm={() => void signOut()}
          onCancel={() => setConfirmSignOut(false)}
        />
      )}
      <Alert>{action.error}</Alert>
      <div className="button-row">
        <button type="button" onClick={lock}>
          Lock
        </button>
        <button type="button" onClick={onBack}>
          All accounts
        </button>
        {!confirmSignOut && (
          <button type="button" onClick={() => setConfirmSignOut(true)}>
            Sign out of this account…
          </button>
        )}
      </div>
    </section>
  );
}

function Unlock({ account, onUnlocked, onBack, onSignInAgain, forgot }: { account: Account; onUnlocked: (account: Account) => void; onBack: () => void; onSignInAgain: () => void; forgot: ReactNode }) {
  const [password, setPassword] = useState('');
  const [signedOut, setSignedOut] = useState(false);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    markUnlockClick();
    void action.run(async () => {
      let unlocked: Account;
      try {
        unlocked = (await call('account.unlock', { accountId: account.accountId, password })).account;
      } catch (failure) {
        setSignedOut(failure instanceof CallError && failure.error.code === 'signed-out');
        throw failure;
      }
      onUnlocked(unlocked);
    });
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Unlock {account.email}</StepHeading>
      {signedOut ? (
        // Unlocking cannot work any more: the way on is signing in again, so focus goes there.
        <>
          <Alert>{action.error}</Alert>
          <div className="button-row">
            <button type="button" className="primary" autoFocus onClick={onSignInAgain}>
              Sign in again
            </button>
            <button type="button" onClick={onBack}>
              All accounts
            </button>
          </div>
        </>
      ) : (
        <>
          <Field label="Account password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Unlocking…' : 'Unlock'} secondary={{ label: 'All accounts', onClick: onBack }} />
          {forgot}
        </>
      )}
      {action.busy && <p role="status">Checking your password. This takes a moment.</p>}
    </form>
  );
}

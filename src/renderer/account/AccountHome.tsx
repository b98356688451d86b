/** An account's page: who is signed in, its Emergency Kit, and locking. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { call, messageOf } from '../ipc/call';
import { useChannel } from '../ipc/use-channel';
import { EmergencyKitActions } from '../kit/KitActions';
import { formatDate, SetupRecoveryCode } from '../recovery/SetupRecoveryCode';
import { Alert, Field, FormFooter, StepHeading, useAction } from '../ui/forms';
import { OFFLINE_NOTICE, VaultScreen } from '../vault/VaultScreen';

type Account = ResponseOf<'accounts.list'>['accounts'][number];

export function AccountHome({ account, onChanged, onBack }: { account: Account; onChanged: () => void; onBack: () => void }) {
  const action = useAction();
  const [recovery, setRecovery] = useState<ResponseOf<'recoveryCode.status'> | null>(null);
  const [recoveryUnknown, setRecoveryUnknown] = useState('');
  const [settingUp, setSettingUp] = useState(false);
  const [inVault, setInVault] = useState(false);
  const app = useChannel('app.info', {});
  const { accountId, unlocked } = account;
  const loadRecovery = useCallback(() => {
    if (unlocked)
      void call('recoveryCode.status', { accountId }).then(
        (status) => (setRecovery(status), setRecoveryUnknown('')),
        (failure: unknown) => (setRecovery(null), setRecoveryUnknown(messageOf(failure))),
      );
  }, [accountId, unlocked]);
  useEffect(loadRecovery, [loadRecovery]);

  if (!unlocked) return <Unlock account={account} onUnlocked={onChanged} onBack={onBack} />;
  if (inVault) return <VaultScreen accountId={accountId} onClose={() => setInVault(false)} />;
  if (settingUp && recovery)
    return (
      <SetupRecoveryCode
        accountId={accountId}
        status={recovery}
        onClose={() => {
          setSettingUp(false);
          loadRecovery();
        }}
      />
    );
  return (
    <section className="screen" aria-labelledby="account-title">
      <StepHeading>{account.name}</StepHeading>
      <p className="lead">
        Signed in as <strong>{account.email}</strong> on <code>{account.serverUrl}</code>
      </p>
      {app.status === 'ready' && !app.value.server.reachable && <p className="notice">{OFFLINE_NOTICE}</p>}
      <section className="panel" aria-labelledby="vault-entry">
        <h2 id="vault-entry">Items</h2>
        <button type="button" className="primary" onClick={() => setInVault(true)}>
          Open vault
        </button>
      </section>
      <section className="panel" aria-labelledby="sign-in-recovery">
        <h2 id="sign-in-recovery">Sign-In &amp; Recovery</h2>
        <h3>Emergency Kit</h3>
        <p>Your Secret Key and sign-in details, for signing in on a new device.</p>
        <EmergencyKitActions accountId={account.accountId} />
        <h3>Recovery code</h3>
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
          <button type="button" onClick={() => setSettingUp(true)}>
            {recovery.status === 'active' ? 'Replace recovery code' : 'Set up recovery code'}
          </button>
        )}
      </section>
      <Alert>{action.error}</Alert>
      <div className="button-row">
        <button type="button" onClick={() => void action.run(async () => (await call('account.lock', { accountId: account.accountId }), onChanged()))}>
          Lock
        </button>
        <button type="button" onClick={onBack}>
          All accounts
        </button>
      </div>
    </section>
  );
}

function Unlock({ account, onUnlocked, onBack }: { account: Account; onUnlocked: () => void; onBack: () => void }) {
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await call('account.unlock', { accountId: account.accountId, password });
      onUnlocked();
    });
  };
  return (
    <form className="screen" onSubmit={submit}>
      <StepHeading>Unlock {account.email}</StepHeading>
      <Field label="Account password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <FormFooter error={action.error} busy={action.busy} submit={action.busy ? 'Unlocking…' : 'Unlock'} secondary={{ label: 'All accounts', onClick: onBack }} />
      {action.busy && <p role="status">Checking your password. This takes a moment.</p>}
    </form>
  );
}

/**
 * Recovery readiness, at the top of Sign-In & Recovery: "N of M ready" and a checklist, each
 * line with the action that fixes it. A part the main process could not read is "Unknown", and
 * the rest of the list still shows. The email catch-22 line gets only the provider's name and the
 * item's id from the main process, never a password or a URL.
 */
import type { ReactNode } from 'react';
import { useChannel } from '../ipc/use-channel';
import { Alert } from '../ui/forms';
import type { CheckUp, CheckUpState } from './CheckUp';
import { ReminderToggle } from './CheckUp';
import { formatDate } from './SetupRecoveryCode';

type Readiness = CheckUpState['readiness'];
/** Where a line's action leads, on the account's page. */
export type ReadinessTarget = 'recovery-code' | 'check-code' | 'secret-key' | 'enable' | 'family' | { chooseCheck: 'authenticator' | 'securityKey' } | { openItem: { vaultId: string; itemId: string } };

const kitHow = { saved: 'saved', printed: 'printed', confirmed: 'marked as kept' } as const;

export function RecoveryReadiness({ checkUp, onOpen }: { checkUp: CheckUp; onOpen: (target: ReadinessTarget) => void }) {
  const { state, action } = checkUp;
  if (state.status !== 'ready') return <p role="status">{state.status === 'failed' ? `Recovery readiness is not available: ${state.message}` : 'Checking your recovery readiness…'}</p>;
  const { readiness } = state.value;
  const lines = [readiness.recoveryCode, readiness.emergencyKit, readiness.twoStep, ...(readiness.familyRecovery ? [readiness.familyRecovery] : []), readiness.emailTrap];
  const ready = lines.filter((line) => line.ok === true).length;
  return (
    <>
      <h3 id="recovery-readiness">
        Recovery readiness: {ready} of {lines.length} ready
      </h3>
      <ul className="device-list" aria-labelledby="recovery-readiness">
        <RecoveryCodeLine line={readiness.recoveryCode} onOpen={onOpen} />
        <Line ok={readiness.emergencyKit.ok} text={kitText(readiness.emergencyKit)}>
          {readiness.emergencyKit.ok === false && (
            <>
              <button type="button" onClick={() => onOpen('secret-key')}>
                Save Emergency Kit…
              </button>
              <button type="button" onClick={() => void checkUp.confirmKit()} disabled={action.busy}>
                I have my Emergency Kit
              </button>
            </>
          )}
        </Line>
        <Line ok={readiness.twoStep.ok} text={readiness.twoStep.ok ? 'Two-step verification is on.' : 'Two-step verification is off: with it, your authenticator app or a security key can also prove it’s you in a recovery.'}>
          {readiness.twoStep.ok === false && <button type="button" onClick={() => onOpen('enable')}>Turn on two-step verification</button>}
        </Line>
        {readiness.familyRecovery && (
          <Line ok={readiness.familyRecovery.ok} text={readiness.familyRecovery.ok ? 'A Family Organizer can recover your account.' : 'No other Family Organizer could recover your account: ask your family to make someone else an organizer too.'}>
            {readiness.familyRecovery.ok === false && <button type="button" onClick={() => onOpen('family')}>Go to Family</button>}
          </Line>
        )}
        <EmailTrapLine accountId={checkUp.accountId} line={readiness.emailTrap} onOpen={onOpen} />
      </ul>
      <Alert>{action.error}</Alert>
      <ReminderToggle checkUp={checkUp} />
    </>
  );
}

function Line({ ok, text, children }: { ok: boolean | null; text: string; children?: ReactNode }) {
  return (
    <li>
      <span>
        <span className="badge">{ok === null ? 'Unknown' : ok ? 'Ready' : 'To do'}</span> {ok === null ? 'This could not be checked just now.' : text}
      </span>
      {children && <div className="button-row">{children}</div>}
    </li>
  );
}

function RecoveryCodeLine({ line, onOpen }: { line: Readiness['recoveryCode']; onOpen: (target: ReadinessTarget) => void }) {
  const checked = line.lastCheckedAt ? `last checked ${formatDate(line.lastCheckedAt)}` : 'never checked';
  return (
    <Line ok={line.ok} text={line.ok ? `Recovery code set up${line.createdAt ? ` ${formatDate(line.createdAt)}` : ''}; ${checked}.` : 'No recovery code: set one up so you can get back in without your password or Secret Key.'}>
      {line.ok === false && <button type="button" onClick={() => onOpen('recovery-code')}>Set up a recovery code</button>}
      {line.ok && <button type="button" onClick={() => onOpen('check-code')}>Check your recovery code</button>}
    </Line>
  );
}

function kitText(kit: Readiness['emergencyKit']): string {
  if (kit.how && kit.keptAt) return `Emergency Kit ${kitHow[kit.how]} ${formatDate(kit.keptAt)}.`;
  return 'We do not know whether you kept your Emergency Kit: save or print it, or tell us you have it.';
}

function EmailTrapLine({ accountId, line, onOpen }: { accountId: string; line: Readiness['emailTrap']; onOpen: (target: ReadinessTarget) => void }) {
  const text =
    line.ok === false
      ? `Recovery checks only your email, and your ${line.provider ?? 'email'} password is saved in this vault. Locked out of Latchkey, you could be locked out of that email too: choose your authenticator app or a security key instead.`
      : 'Recovery does not depend on an email password kept only in this vault.';
  return (
    <Line ok={line.ok} text={text}>
      {line.ok === false && <TrapActions accountId={accountId} line={line} onOpen={onOpen} />}
    </Line>
  );
}

/** One click to the fix: the identity checks with the factor preselected, or turning the authenticator app on first. */
function TrapActions({ accountId, line, onOpen }: { accountId: string; line: Readiness['emailTrap']; onOpen: (target: ReadinessTarget) => void }) {
  const checks = useChannel('recoveryChecks.status', { accountId });
  const available = checks.status === 'ready' ? checks.value.available : null;
  const { vaultId, itemId } = line;
  return (
    <>
      {available?.authenticator ? (
        <button type="button" onClick={() => onOpen({ chooseCheck: 'authenticator' })}>Use my authenticator app instead</button>
      ) : available?.securityKey ? (
        <button type="button" onClick={() => onOpen({ chooseCheck: 'securityKey' })}>Use my security key instead</button>
      ) : (
        <button type="button" onClick={() => onOpen('enable')}>Set up the authenticator app first</button>
      )}
      {vaultId && itemId && <button type="button" onClick={() => onOpen({ openItem: { vaultId, itemId } })}>Open the login</button>}
    </>
  );
}

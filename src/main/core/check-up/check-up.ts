/**
 * The recovery check-up of one signed-in account (docs/security-design.md §11.4): the reminder
 * to check the recovery code (due or not by this device's clock; the schedule is stored with the
 * account on the server so every device sees the same one) and the recovery readiness checklist.
 * The parts are asked for in parallel; a part that cannot be read is an unknown line (`ok: null`),
 * never a failed list. Writing the schedule after a setup or a check, and recording a kept
 * Emergency Kit, are best effort: they never fail what they follow.
 */
import { IpcError } from '../../../shared/ipc/result';
import type { CheckUpState, Readiness } from '../../../shared/ipc/channels/recovery-check';
import { recoveryCheckRoutes, type CheckUpStatus, type KitKeptHow, type ReminderSchedule } from '../../../shared/server-api/recovery-check';
import type { RecoveryChecksStatus, RecoveryCredentialStatus } from '../../../shared/server-api/recovery';
import type { FamilyView } from '../../../shared/server-api/family';
import type { Accounts } from '../account/accounts';
import type { Clock } from '../lock/auto-lock';
import type { AuthenticatorStatus } from '../two-factor/two-factor';
import { afterCheck, afterSetUp, closer, reminderDue } from './schedule';

/** A login in the account's own vault for the provider of its email address. */
export interface ProviderLogin {
  provider: string;
  vaultId: string;
  itemId: string;
}

export interface CheckUpSources {
  accounts: Accounts;
  clock: Pick<Clock, 'now'>;
  recoveryCode: (localUuid: string) => Promise<RecoveryCredentialStatus>;
  recoveryChecks: (localUuid: string) => Promise<RecoveryChecksStatus>;
  twoStep: (localUuid: string) => Promise<AuthenticatorStatus>;
  family: (localUuid: string) => Promise<FamilyView | null>;
  /** The login for `email`'s provider in the account's own vault, if it holds one. */
  emailProviderLogin: (localUuid: string, email: string) => Promise<ProviderLogin | null>;
}

/** A part that could not be read: undefined. A session the server ended is not a part: the device must sign in again. */
const settle = <T>(promise: Promise<T>): Promise<T | undefined> =>
  promise.catch((error: unknown) => {
    if (error instanceof IpcError && error.code === 'signed-out') throw error;
    return undefined;
  });

export class CheckUp {
  constructor(private readonly sources: CheckUpSources) {}

  async status(localUuid: string): Promise<CheckUpState> {
    const { email, serverAccountId } = this.sources.accounts.unlocked(localUuid);
    const { sources } = this;
    const [code, checkUp, checks, twoStep, family, trap] = await Promise.all([
      settle(sources.recoveryCode(localUuid)),
      settle(this.#read(localUuid)),
      settle(sources.recoveryChecks(localUuid)),
      settle(sources.twoStep(localUuid)),
      settle(sources.family(localUuid)),
      settle(sources.emailProviderLogin(localUuid, email)),
    ]);
    const active = code?.status === 'active' ? { createdAt: code.createdAt, lastCheckedAt: checkUp?.lastCheckedAt ?? null } : null;
    const reminder = checkUp ? reminderDue({ schedule: checkUp.reminder, code: active }, sources.clock.now()) : { enabled: true, due: false, dueAt: null };
    const readiness: Readiness = {
      recoveryCode: { ok: code ? code.status === 'active' : null, createdAt: active?.createdAt ?? null, lastCheckedAt: checkUp?.lastCheckedAt ?? null },
      emergencyKit: checkUp ? { ok: checkUp.kit !== null, how: checkUp.kit?.how ?? null, keptAt: checkUp.kit?.keptAt ?? null } : { ok: null, how: null, keptAt: null },
      twoStep: { ok: twoStep ? twoStep.totpEnabledAt !== null || twoStep.securityKeys > 0 : null },
      familyRecovery: family === null ? null : { ok: family ? family.members.some((member) => member.role === 'organizer' && member.accountId !== serverAccountId) : null },
      emailTrap: emailTrapLine(checks, trap),
    };
    return { reminder, readiness };
  }

  /** "Remind me later": one stage back, due in a day. */
  async remindLater(localUuid: string): Promise<CheckUpState> {
    const current = await this.#read(localUuid);
    await this.#write(localUuid, closer(current.reminder, this.sources.clock.now()));
    return this.status(localUuid);
  }

  async setReminders(localUuid: string, enabled: boolean): Promise<CheckUpState> {
    const current = await this.#read(localUuid);
    await this.#write(localUuid, { ...current.reminder, enabled });
    return this.status(localUuid);
  }

  /** "I have my Emergency Kit". */
  async confirmKit(localUuid: string): Promise<CheckUpState> {
    await this.sources.accounts.session(localUuid).call(recoveryCheckRoutes.keptKit, { body: { how: 'confirmed' } });
    return this.status(localUuid);
  }

  /** The Emergency Kit was saved or printed: recorded if the server can be told, silently otherwise. */
  async keptKit(localUuid: string, how: KitKeptHow): Promise<void> {
    await this.sources.accounts.session(localUuid).call(recoveryCheckRoutes.keptKit, { body: { how } }).catch(() => undefined);
  }

  /** A recovery code was set up: the first reminder in a week. Best effort. */
  async afterSetUp(localUuid: string): Promise<void> {
    await this.#move(localUuid, (current, now) => afterSetUp(current.enabled, now));
  }

  /** A check of the recovery code ended: passed moves the schedule on, failed brings it closer. Best effort. */
  async afterCheck(localUuid: string, passed: boolean): Promise<void> {
    await this.#move(localUuid, (current, now) => afterCheck(current, passed, now));
  }

  /** Stores the next schedule; when the current one cannot be read, or the write fails, the next status read falls back. */
  async #move(localUuid: string, next: (current: ReminderSchedule, now: number) => ReminderSchedule): Promise<void> {
    try {
      const current = await this.#read(localUuid);
      await this.#write(localUuid, next(current.reminder, this.sources.clock.now()));
    } catch {
      // The fallback in reminderDue covers a missing schedule: the setup or check itself went right.
    }
  }

  #read(localUuid: string): Promise<CheckUpStatus> {
    return this.sources.accounts.session(localUuid).call(recoveryCheckRoutes.status);
  }

  #write(localUuid: string, schedule: ReminderSchedule): Promise<CheckUpStatus> {
    return this.sources.accounts.session(localUuid).call(recoveryCheckRoutes.setReminder, { body: schedule });
  }
}

/** The email catch-22: email is recovery's only check and the vault holds that email's own login. */
function emailTrapLine(checks: RecoveryChecksStatus | undefined, trap: ProviderLogin | null | undefined): Readiness['emailTrap'] {
  const unknown = { ok: null, provider: null, vaultId: null, itemId: null };
  if (!checks) return unknown;
  if (checks.checks.some((check) => check !== 'email')) return { ok: true, provider: null, vaultId: null, itemId: null };
  if (trap === undefined) return unknown;
  return trap ? { ok: false, ...trap } : { ok: true, provider: null, vaultId: null, itemId: null };
}

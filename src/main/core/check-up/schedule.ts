/**
 * The recovery reminders' schedule (docs/security-design.md §11.4), worked out on the device with
 * its clock; the server only stores it. After a setup the first reminder comes in a week; each
 * check that passes moves one stage on (a month, three months, then every six months); a check
 * that fails, or a "Remind me later", moves one stage back and brings the next reminder to a day
 * away.
 */
import { REMINDER_STAGES, type ReminderSchedule } from '../../../shared/server-api/recovery-check';

const DAY_MS = 86_400_000;
/** Days until the next reminder, by stage: 1 week, 1 month, 3 months, 6 months (the last repeats). */
export const STAGE_INTERVAL_DAYS: readonly number[] = [7, 30, 91, 182];
/** A failed check or a skipped reminder comes back this soon. */
export const CLOSER_DAYS = 1;

const inDays = (now: number, days: number) => new Date(now + days * DAY_MS).toISOString();
const intervalOf = (stage: number) => STAGE_INTERVAL_DAYS[Math.min(stage, REMINDER_STAGES - 1)] as number;

/** A new recovery code: stage 0, due in a week; whether reminders are on is kept. */
export function afterSetUp(enabled: boolean, now: number): ReminderSchedule {
  return { enabled, stage: 0, dueAt: inDays(now, intervalOf(0)) };
}

/** After a check: passed → the next stage, due after its interval; failed → closer. */
export function afterCheck(current: ReminderSchedule, passed: boolean, now: number): ReminderSchedule {
  if (!passed) return closer(current, now);
  const stage = Math.min(current.stage + 1, REMINDER_STAGES - 1);
  return { enabled: current.enabled, stage, dueAt: inDays(now, intervalOf(stage)) };
}

/** "Remind me later", or a failed check: one stage back, due in a day. */
export function closer(current: ReminderSchedule, now: number): ReminderSchedule {
  return { enabled: current.enabled, stage: Math.max(current.stage - 1, 0), dueAt: inDays(now, CLOSER_DAYS) };
}

export interface ReminderFacts {
  schedule: ReminderSchedule;
  /** The account has an active recovery code, made (or last checked) at these times. */
  code: { createdAt: string | null; lastCheckedAt: string | null } | null;
}

/**
 * When the next reminder is due, and whether it is due at `now`. Without an active code there
 * is nothing to check; with reminders off, none is due. An active code with no stored schedule
 * (its write failed, or it predates reminders) is due a week after it was made or last checked.
 */
export function reminderDue({ schedule, code }: ReminderFacts, now: number): { enabled: boolean; due: boolean; dueAt: string | null } {
  if (!code || !schedule.enabled) return { enabled: schedule.enabled, due: false, dueAt: null };
  const since = [code.createdAt, code.lastCheckedAt].flatMap((time) => (time ? [Date.parse(time)] : []));
  const dueAt = schedule.dueAt ?? (since.length > 0 ? inDays(Math.max(...since), intervalOf(0)) : null);
  return { enabled: true, due: dueAt !== null && Date.parse(dueAt) <= now, dueAt };
}

/** The recovery reminders' schedule: every stage, a failed check, "Remind me later", reminders off, and the fallback without a schedule. */
import { describe, expect, it } from 'vitest';
import { afterCheck, afterSetUp, closer, reminderDue } from '../../../src/main/core/check-up/schedule';
import type { ReminderSchedule } from '../../../src/shared/server-api/recovery-check';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY).toISOString();
const code = { createdAt: at(0), lastCheckedAt: null };

describe('the reminder schedule', () => {
  it('starts at stage 0, due a week after the setup, keeping whether reminders are on', () => {
    expect(afterSetUp(true, T0)).toEqual({ enabled: true, stage: 0, dueAt: at(7) });
    expect(afterSetUp(false, T0)).toEqual({ enabled: false, stage: 0, dueAt: at(7) });
  });

  it('moves one stage on after each passed check: a month, three months, then every six months', () => {
    let schedule = afterSetUp(true, T0);
    const seen: [number, string | null][] = [];
    for (let check = 1; check <= 5; check += 1) {
      schedule = afterCheck(schedule, true, T0);
      seen.push([schedule.stage, schedule.dueAt]);
    }
    expect(seen).toEqual([
      [1, at(30)],
      [2, at(91)],
      [3, at(182)],
      [3, at(182)],
      [3, at(182)],
    ]);
  });

  it('a failed check goes one stage back and comes back in a day (never below stage 0)', () => {
    expect(afterCheck({ enabled: true, stage: 3, dueAt: at(100) }, false, T0)).toEqual({ enabled: true, stage: 2, dueAt: at(1) });
    expect(afterCheck({ enabled: true, stage: 0, dueAt: at(7) }, false, T0)).toEqual({ enabled: true, stage: 0, dueAt: at(1) });
  });

  it('"Remind me later" does the same, and keeps reminders off if they were off', () => {
    expect(closer({ enabled: true, stage: 2, dueAt: at(-3) }, T0)).toEqual({ enabled: true, stage: 1, dueAt: at(1) });
    expect(closer({ enabled: false, stage: 1, dueAt: null }, T0)).toEqual({ enabled: false, stage: 0, dueAt: at(1) });
  });
});

describe('whether a reminder is due', () => {
  const stored: ReminderSchedule = { enabled: true, stage: 0, dueAt: at(7) };

  it('is due from the stored time on, not before', () => {
    expect(reminderDue({ schedule: stored, code }, T0 + 7 * DAY - 1)).toEqual({ enabled: true, due: false, dueAt: at(7) });
    expect(reminderDue({ schedule: stored, code }, T0 + 7 * DAY)).toEqual({ enabled: true, due: true, dueAt: at(7) });
  });

  it('is never due with reminders off', () => {
    expect(reminderDue({ schedule: { ...stored, enabled: false }, code }, T0 + 30 * DAY)).toEqual({ enabled: false, due: false, dueAt: null });
  });

  it('is never due without an active recovery code', () => {
    expect(reminderDue({ schedule: stored, code: null }, T0 + 30 * DAY)).toEqual({ enabled: true, due: false, dueAt: null });
  });

  it('without a stored schedule, falls back to a week after the code was made or last checked, whichever is later', () => {
    const none: ReminderSchedule = { enabled: true, stage: 0, dueAt: null };
    expect(reminderDue({ schedule: none, code }, T0 + 6 * DAY)).toEqual({ enabled: true, due: false, dueAt: at(7) });
    expect(reminderDue({ schedule: none, code }, T0 + 7 * DAY)).toEqual({ enabled: true, due: true, dueAt: at(7) });
    const checked = { createdAt: at(0), lastCheckedAt: at(20) };
    expect(reminderDue({ schedule: none, code: checked }, T0 + 26 * DAY)).toEqual({ enabled: true, due: false, dueAt: at(27) });
    expect(reminderDue({ schedule: none, code: checked }, T0 + 27 * DAY)).toEqual({ enabled: true, due: true, dueAt: at(27) });
  });
});

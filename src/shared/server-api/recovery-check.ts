/**
 * The recovery check-up (docs/security-design.md §11.4, §13): proving that a saved recovery
 * code still works without using it, the reminders to do so, and what the readiness
 * checklist needs from the server.
 *
 * Check (a signed-in session that has passed the second factor):
 *   1. start: an OPAQUE login with the code's authentication secret against the account's
 *      active recovery record (identifier "recovery:<accountId>"), bound to the session;
 *   2. finish: the OPAQUE finish → the recovery-wrapped account key (envelope 0x02), to this
 *      session only, and the time of the check, which the server keeps as the last successful
 *      check. The device then unwraps it and compares the result with the account key it holds.
 * A wrong code fails at the device (the OPAQUE login does not finish), so the server never
 * learns it; only the starts are counted, by a limit of the check's own. Nothing else changes:
 * no identity check, no new password, nothing rotated, consumed or signed out, no email.
 *
 * Check-up state (not secret, shown on every device): the last successful check, the
 * reminder schedule the devices keep (they compute it, with their clock; the server stores
 * it so a reminder dismissed on one device is not repeated on another), and whether the
 * Emergency Kit was kept (saved, printed, or confirmed by the owner).
 */
import { z } from 'zod';
import { base64url, defineRoute, recoveryWrappedAccountKeySchema } from './http';

const opaqueMessage = base64url(2048);
/** A random 256-bit handle, unpadded base64url. */
const handle = base64url(64, 43);
const isoTime = z.iso.datetime({ offset: false });

/** How a reminder schedule moves on: after each successful check, one stage further (the last one repeats). */
export const REMINDER_STAGES = 4;

export const reminderScheduleSchema = z.strictObject({
  /** The owner wants reminders (per account; Settings turns them off). */
  enabled: z.boolean(),
  /** 0 … REMINDER_STAGES - 1: how many checks in a row went right (capped). */
  stage: z.int().min(0).max(REMINDER_STAGES - 1),
  /** When the next reminder is due; null: none scheduled yet. */
  dueAt: isoTime.nullable(),
});
export type ReminderSchedule = z.infer<typeof reminderScheduleSchema>;

/** How the Emergency Kit was kept: saved as a PDF, printed, or the owner says they have it (written down, or from before this was recorded). */
export const kitKeptHow = ['saved', 'printed', 'confirmed'] as const;
export type KitKeptHow = (typeof kitKeptHow)[number];

export const checkUpStatusSchema = z.strictObject({
  /** When the active recovery code last passed a check; null if never (or no code). */
  lastCheckedAt: isoTime.nullable(),
  reminder: reminderScheduleSchema,
  /** The last time the Emergency Kit was kept, and how; null: unknown. */
  kit: z.strictObject({ keptAt: isoTime, how: z.enum(kitKeptHow) }).nullable(),
});
export type CheckUpStatus = z.infer<typeof checkUpStatusSchema>;

export const recoveryCheckRoutes = {
  checkStart: defineRoute({
    method: 'POST',
    path: '/v1/recovery/check/start',
    summary: 'Recovery code check 1: OPAQUE login against the active recovery record, server step, bound to this session (limited per account; 409 no_recovery_code without an active code)',
    tag: 'recovery',
    access: 'write',
    secondFactor: true,
    body: z.strictObject({ startLoginRequest: opaqueMessage }),
    response: z.strictObject({ checkId: z.string(), loginResponse: z.string() }),
  }),
  checkFinish: defineRoute({
    method: 'POST',
    path: '/v1/recovery/check/finish',
    summary: 'Recovery code check 2: finish the OPAQUE login; the recovery-wrapped account key for the device to compare, and the time kept as the last successful check (401 check_expired for a check of another session, used, expired, or whose login did not finish)',
    tag: 'recovery',
    access: 'write',
    secondFactor: true,
    body: z.strictObject({ checkId: handle, finishLoginRequest: opaqueMessage }),
    response: z.strictObject({ recoveryWrappedAccountKey: recoveryWrappedAccountKeySchema, checkedAt: isoTime }),
  }),
  status: defineRoute({
    method: 'GET',
    path: '/v1/recovery/check-up',
    summary: 'The recovery check-up: the last successful check, the reminder schedule, and whether the Emergency Kit was kept',
    tag: 'recovery',
    access: 'read',
    secondFactor: true,
    response: checkUpStatusSchema,
  }),
  setReminder: defineRoute({
    method: 'PUT',
    path: '/v1/recovery/check-up/reminder',
    summary: 'Store the reminder schedule the device worked out (after a setup, a check or a "Remind me later"), or turn reminders on or off',
    tag: 'recovery',
    access: 'write',
    secondFactor: true,
    body: reminderScheduleSchema,
    response: checkUpStatusSchema,
  }),
  keptKit: defineRoute({
    method: 'POST',
    path: '/v1/recovery/check-up/kit',
    summary: 'Record that the Emergency Kit was kept: saved, printed, or confirmed by the owner',
    tag: 'recovery',
    access: 'write',
    secondFactor: true,
    body: z.strictObject({ how: z.enum(kitKeptHow) }),
    response: checkUpStatusSchema,
  }),
} as const;

/**
 * Channels of the recovery check-up (Sign-In & Recovery): checking a saved recovery code
 * without using it, the reminders to do so, and the recovery readiness checklist.
 */
import { z } from 'zod';
import { accountRef } from './common';

export const checkResult = z.discriminatedUnion('result', [
  /** The code opens this account: the server knows it, and its envelope unwraps to the account key this device holds. */
  z.object({ result: z.literal('works'), checkedAt: z.string() }).strict(),
  /** The code is well formed but is not this account's current recovery code (a replaced code, another account's, or none is set up). */
  z.object({ result: z.literal('not-current') }).strict(),
  /** The server knows the code, but the envelope it keeps for it does not open to this account's key: the code would not get the owner back in. */
  z.object({ result: z.literal('does-not-open') }).strict(),
]);
export type CheckResult = z.infer<typeof checkResult>;

export const reminderState = z
  .object({
    enabled: z.boolean(),
    /** A reminder is due now (by this device's clock): show the banner. */
    due: z.boolean(),
    dueAt: z.string().nullable(),
  })
  .strict();

/**
 * One line of the readiness checklist: `ok` says whether it is done (null: that part could not
 * be read just now, shown as unknown); the renderer names the action that fixes it.
 */
const ok = z.boolean().nullable();
export const readiness = z
  .object({
    recoveryCode: z.object({ ok, createdAt: z.string().nullable(), lastCheckedAt: z.string().nullable() }).strict(),
    /** `how` null: unknown (an older account), with "I have my Emergency Kit". */
    emergencyKit: z.object({ ok, how: z.enum(['saved', 'printed', 'confirmed']).nullable(), keptAt: z.string().nullable() }).strict(),
    twoStep: z.object({ ok }).strict(),
    /** Only for an account in a family: whether a Family Organizer other than this account could recover it. */
    familyRecovery: z.object({ ok }).strict().nullable(),
    /**
     * The email catch-22: the recovery's only identity check is email, and this account's own
     * vault holds a login for that email's provider. Worked out in the main process: the page
     * gets the flag, the provider's name and the item, never a password or a URL.
     */
    emailTrap: z.object({ ok, provider: z.string().nullable(), vaultId: z.string().nullable(), itemId: z.string().nullable() }).strict(),
  })
  .strict();
export type Readiness = z.infer<typeof readiness>;

export const checkUpState = z.object({ reminder: reminderState, readiness }).strict();
export type CheckUpState = z.infer<typeof checkUpState>;

export const recoveryCheckChannels = {
  /**
   * Checks a recovery code end to end without using it. A malformed code is refused before
   * anything is sent (the group with the typo named); the server or the network failing is
   * the `unavailable` error: nothing is known then.
   */
  'recoveryCode.check': { request: accountRef.extend({ code: z.string().max(300) }).strict(), response: checkResult },
} as const;

export const checkUpChannels = {
  /** The reminder (due or not, by the core's clock) and the readiness checklist. */
  'checkUp.status': { request: accountRef, response: checkUpState },
  /** "Remind me later": the next reminder comes sooner than the regular schedule would bring it, but not now. */
  'checkUp.remindLater': { request: accountRef, response: checkUpState },
  /** Settings: reminders on or off, for this account (on every device). */
  'checkUp.setReminders': { request: accountRef.extend({ enabled: z.boolean() }).strict(), response: checkUpState },
  /** "I have my Emergency Kit". */
  'checkUp.confirmKit': { request: accountRef, response: checkUpState },
} as const;

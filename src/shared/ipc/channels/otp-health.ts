/**
 * One-time codes and Password Health. Both are worked out in the main process from the items it
 * holds: the renderer gets the current code (never the secret once it is saved) and, for health,
 * item ids and titles with counts (never a password).
 */
import { z } from 'zod';
import { id16 } from '../../server-api/vault';
import { accountRef } from './common';

const itemRef = accountRef.extend({ vaultId: id16, itemId: id16 }).strict();
const healthItem = z.object({ vaultId: id16, itemId: id16, title: z.string() }).strict();

export const otpHealthChannels = {
  /** The login's current one-time code, how long a code lasts, and when this one stops (the next code is asked for then). */
  'vault.otp': {
    request: itemRef,
    response: z.object({ code: z.string().regex(/^(\d{6}|\d{8})$/), period: z.union([z.literal(30), z.literal(60)]), expiresAt: z.iso.datetime() }).strict(),
  },
  /** Copies the login's current one-time code through the secret clipboard, which clears it later if unchanged. */
  'vault.copyOtp': { request: itemRef, response: z.object({ clearsAt: z.iso.datetime() }).strict() },
  /**
   * Password Health over every live item of the account's vaults: weak passwords (zxcvbn score 2 or less), reused
   * passwords as groups of items, and logins on sites known to offer two-step codes that hold none.
   */
  'vault.health': {
    request: accountRef,
    response: z
      .object({
        weak: z.array(healthItem.extend({ score: z.int().min(0).max(4) }).strict()),
        reused: z.array(z.array(healthItem).min(2)),
        missingTwoStep: z.array(healthItem.extend({ site: z.string() }).strict()),
      })
      .strict(),
  },
} as const;

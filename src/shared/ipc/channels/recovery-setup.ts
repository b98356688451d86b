/** Channels for setting up a recovery code (Sign-In & Recovery → "Set up recovery code"). */
import { z } from 'zod';
import { accountRef, emptyResponse, stepUpFields } from './common';

export const recoveryCodeStatus = z
  .object({
    status: z.enum(['none', 'active']),
    createdAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    pending: z.boolean(),
    pendingExpiresAt: z.string().nullable(),
  })
  .strict();

export const recoverySetupChannels = {
  'recoveryCode.status': { request: accountRef, response: recoveryCodeStatus },
  /** Steps up (the password, and the second factor where the account has one), then makes a new code and uploads it as pending; answers the code to show. */
  'recoveryCode.begin': { request: accountRef.extend(stepUpFields).strict(), response: z.object({ code: z.string() }).strict() },
  'recoveryCode.copy': { request: accountRef, response: z.object({ clearsAt: z.string() }).strict() },
  /** Activates the pending code when the typed one matches; names the wrong group otherwise. */
  'recoveryCode.confirm': { request: accountRef.extend({ code: z.string().max(300) }).strict(), response: recoveryCodeStatus },
  'recoveryCode.cancel': { request: accountRef, response: emptyResponse },
} as const;

/** Channels for the identity checks a recovery with the code asks for (Sign-In & Recovery). */
import { z } from 'zod';
import { recoveryCheckKinds, recoveryChecksStatusSchema } from '../../server-api/recovery';
import { accountRef, stepUpFields } from './common';

export const recoveryCheckKind = z.enum(recoveryCheckKinds);

export const recoveryChecksChannels = {
  /** The checks a recovery asks for now, and which could be chosen (the factor is set up). */
  'recoveryChecks.status': { request: accountRef, response: recoveryChecksStatusSchema },
  /** Steps up (the password, and the second factor where the account has one), then stores a new choice; the server emails the owner. */
  'recoveryChecks.change': {
    request: accountRef
      .extend({
        ...stepUpFields,
        checks: z
          .array(recoveryCheckKind)
          .min(1, 'Choose at least one way to prove it’s you.')
          .max(recoveryCheckKinds.length)
          .refine((checks) => new Set(checks).size === checks.length, 'Choose each way once.'),
      })
      .strict(),
    response: recoveryChecksStatusSchema,
  },
} as const;

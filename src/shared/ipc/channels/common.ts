import { z } from 'zod';
import { authenticationResponseSchema } from '../../server-api/security-keys';

export const emptyRequest = z.object({}).strict();
export const emptyResponse = z.object({}).strict();

/** The hosts the main core runs in: the two the renderer runs in, and the command line (src/main/cli). */
export const hostKinds = ['electron', 'browser', 'cli'] as const;
export type HostKind = (typeof hostKinds)[number];

/** An account on this device, by its local id (not the server's). */
export const accountRef = z.object({ accountId: z.string().uuid() }).strict();

export const email = z.string().trim().min(3, 'Enter your email address.').max(254).regex(/^[^\s@]+@[^\s@]+$/, 'Enter a whole email address, like name@example.com.');
/** A password as typed: never trimmed here (the crypto normalises it), bounded in size. */
export const password = z.string().min(1, 'Enter your account password.').max(1024);

/**
 * The second factor given with the password for a change to how the account is reached
 * (where the account has two-step verification): a code from the authenticator app, or a
 * security key's answer to the challenge of 'stepUp.securityKeyChallenge'.
 */
export const secondFactorProof = z
  .union([
    z.object({ code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6 digits your authenticator app shows.') }).strict(),
    z.object({ securityKey: authenticationResponseSchema }).strict(),
  ])
  .optional();
export type SecondFactorProof = z.infer<typeof secondFactorProof>;

/** What such a change asks for: the password again, and the second factor where the account has one. */
export const stepUpFields = { password, secondFactor: secondFactorProof };

/**
 * Channels for security keys (Sign-In & Recovery, and the second factor at sign-in). The main
 * process fetches each ceremony's options from the server and posts the key's answer back;
 * the renderer runs the ceremony in between. Only public-key options and answers pass here.
 */
import { z } from 'zod';
import { authenticationOptionsSchema, authenticationResponseSchema, registrationOptionsSchema, registrationResponseSchema, securityKeyId, securityKeyNamePattern, securityKeySchema } from '../../server-api/security-keys';
import { accountRef, password } from './common';
import { twoFactorStatus } from './two-factor';

/** A name as typed: spaces at either end are dropped. */
const keyName = z
  .string()
  .max(200)
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, 'Give the key a name, like “Blue key on my keyring”.')
      .max(64, 'Use a name of at most 64 characters.')
      .regex(securityKeyNamePattern, 'Use a name without control characters.'),
  );

export const securityKeyChannels = {
  'securityKeys.list': { request: accountRef, response: z.object({ keys: z.array(securityKeySchema) }).strict() },
  /** Re-authenticates, then asks the server for registration options. */
  'securityKeys.beginRegistration': { request: accountRef.extend({ password }).strict(), response: z.object({ options: registrationOptionsSchema }).strict() },
  /** Keeps the new key under its name; this device's session counts as having passed. */
  'securityKeys.finishRegistration': {
    request: accountRef.extend({ name: keyName, response: registrationResponseSchema }).strict(),
    response: z.object({ status: twoFactorStatus, key: securityKeySchema }).strict(),
  },
  /** Options for passing the second factor with one of the account's keys. */
  'securityKeys.beginCheck': { request: accountRef, response: z.object({ options: authenticationOptionsSchema }).strict() },
  /** Passes the second factor for this device's session with the key's answer. */
  'securityKeys.finishCheck': { request: accountRef.extend({ response: authenticationResponseSchema }).strict(), response: twoFactorStatus },
  /** Re-authenticates, then removes a key (the last second factor: two-step verification turns off). */
  'securityKeys.remove': { request: accountRef.extend({ password, keyId: securityKeyId }).strict(), response: twoFactorStatus },
} as const;

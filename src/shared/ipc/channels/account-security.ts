/**
 * Channels of an account's Sign-In & Recovery settings: changing the password, seeing the
 * Secret Key (both re-check the password), the two-factor status, and the signed-in devices.
 * A change to how the account is reached takes the password and, where the account has
 * two-step verification, the second factor, for the server's step-up (docs/security-design.md §13.0.3).
 */
import { z } from 'zod';
import { deviceSessionSchema } from '../../server-api/session';
import { authenticationOptionsSchema } from '../../server-api/security-keys';
import { accountRef, emptyResponse, password, secondFactorProof, stepUpFields } from './common';

export const accountSecurityChannels = {
  /** Re-checks the current password, then registers the new one; the Secret Key and the data stay. */
  'account.changePassword': {
    request: accountRef.extend({ currentPassword: password, secondFactor: secondFactorProof, newPassword: z.string().min(1, 'Choose a new password.').max(1024) }).strict(),
    response: emptyResponse,
  },
  /** Re-checks the password, then answers the Secret Key to show. */
  'secretKey.reveal': { request: accountRef.extend({ password }).strict(), response: z.object({ secretKey: z.string() }).strict() },
  'devices.list': { request: accountRef, response: z.object({ devices: z.array(deviceSessionSchema) }).strict() },
  /** Signs out another device; this device signs out with 'account.signOut'. */
  'devices.signOut': {
    request: accountRef.extend({ sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'That is not a signed-in device.'), ...stepUpFields }).strict(),
    response: emptyResponse,
  },
  'devices.signOutOthers': { request: accountRef.extend(stepUpFields).strict(), response: z.object({ signedOut: z.number().int().min(0) }).strict() },
  /** A challenge for one of the account's security keys, whose answer goes with the password as `secondFactor`. */
  'stepUp.securityKeyChallenge': { request: accountRef, response: z.object({ options: authenticationOptionsSchema }).strict() },
} as const;

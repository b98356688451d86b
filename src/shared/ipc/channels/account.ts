/** Channels for creating, signing in to, locking and listing accounts on this device. */
import { z } from 'zod';
import { accountRef, email, emptyRequest, emptyResponse, password } from './common';

export const deviceAccount = z
  .object({
    accountId: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    serverUrl: z.string(),
    unlocked: z.boolean(),
    /** Unlocked, but the account's second factor is still to be given on this device. */
    needsSecondFactor: z.boolean(),
    /** The sync server's name for the account was refused at its last unlock here: one the account did not seal (the name shown is this device's own). */
    nameRefused: z.boolean(),
  })
  .strict();

export const accountChannels = {
  'signup.start': {
    request: z.object({ email, name: z.string().trim().min(1, 'Enter your name.').max(100) }).strict(),
    response: z.object({ codeDigits: z.number().int(), expiresInSeconds: z.number().int(), localMailbox: z.boolean() }).strict(),
  },
  'signup.verify': {
    request: z.object({ code: z.string().trim().regex(/^\d{6,8}$/, 'Enter the digits from the email.') }).strict(),
    response: emptyResponse,
  },
  'password.strength': {
    request: z.object({ password: z.string().max(1024), email: z.string().max(254), name: z.string().max(100) }).strict(),
    response: z.object({ score: z.number().int().min(0).max(4), acceptable: z.boolean(), feedback: z.string() }).strict(),
  },
  /** Creates the account and signs in; answers the new Secret Key, for the Emergency Kit step. */
  'signup.complete': {
    request: z.object({ password }).strict(),
    response: z.object({ account: deviceAccount, secretKey: z.string() }).strict(),
  },
  'signin.newDevice': {
    request: z.object({ email, secretKey: z.string().min(1, 'Enter your Secret Key.').max(200), password }).strict(),
    response: z.object({ account: deviceAccount }).strict(),
  },
  'accounts.list': {
    request: emptyRequest,
    response: z.object({ accounts: z.array(deviceAccount) }).strict(),
  },
  'account.unlock': {
    request: accountRef.extend({ password }).strict(),
    response: z.object({ account: deviceAccount }).strict(),
  },
  'account.lock': { request: accountRef, response: emptyResponse },
  'account.signOut': { request: accountRef, response: emptyResponse },
  /** Gives the account a new name on every device (sealed for the server, §8.8); the account must be unlocked. */
  'account.rename': {
    request: accountRef.extend({ name: z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.') }).strict(),
    response: z.object({ account: deviceAccount }).strict(),
  },
  /** This account's security code (docs/security-design.md §8.7), in 6 groups of 4, for others to compare. */
  'account.securityCode': { request: accountRef, response: z.object({ securityCode: z.string() }).strict() },
} as const;

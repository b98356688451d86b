/**
 * Channels for Families (Manage Accounts → an account → Family) and for a member's recovery
 * by a Family Organizer (sign-in screen → "Having trouble signing in?"). The renderer sees
 * names, roles and states only; every key stays in the main process.
 */
import { z } from 'zod';
import { deviceAccount } from './account';
import { accountRef, email, emptyRequest, emptyResponse, password } from './common';

const roles = ['organizer', 'member'] as const;
/** A member, by the server's account id (6 characters of the Secret Key alphabet). */
const memberId = z.string().regex(/^[0-9A-HJKMNP-TV-Y]{6}$/, 'That is not a member of this family.');
export const recoveryId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'That recovery is not in this family.');

export const familySummary = z
  .object({
    name: z.string(),
    /** This account's role. */
    role: z.enum(roles),
    /** This account's id on the server, to tell "you" apart in the member list. */
    you: z.string(),
    /** This account's security code (docs/security-design.md §8.7), shown in groups: an organizer tells it to the people they invite. */
    securityCode: z.string(),
    members: z.array(z.object({ accountId: z.string(), email: z.string(), role: z.enum(roles), joinedAt: z.string() }).strict()),
    invites: z.array(z.object({ email: z.string(), expiresAt: z.string() }).strict()),
    recoveries: z.array(z.object({ recoveryId: z.string(), accountId: z.string(), email: z.string(), stage: z.enum(['awaiting-member', 'awaiting-organizer']), startedAt: z.string(), expiresAt: z.string() }).strict()),
    /** Organizers: members who asked to be recovered (from the sign-in screen) and have no recovery under way. */
    recoveryRequests: z.array(z.object({ accountId: z.string(), email: z.string(), askedAt: z.string() }).strict()),
    /** The recoveries this account started that the member cancelled by recovering with their own code, until dismissed. */
    cancelledRecoveries: z.array(z.object({ accountId: z.string(), email: z.string(), cancelledAt: z.string() }).strict()),
  })
  .strict();
export type FamilySummary = z.infer<typeof familySummary>;

const familyResponse = z.object({ family: familySummary }).strict();
const familyName = z.string().trim().min(1, 'Name your family.').max(100, 'Use at most 100 characters.');
/** The invitation code from the email; its form is checked in the main process, which says what to do about a wrong one (`code-invalid`). */
const inviteToken = z.string().max(1000, 'Paste only the invitation code from the email.');

/** The organizer's security code, told to the joining person out of band (24 symbols; read forgivingly in the main process). */
const organizerCode = z.string().max(200, 'That is not a security code.');

export const familyChannels = {
  'family.get': { request: accountRef, response: z.object({ family: familySummary.nullable() }).strict() },
  /** A new family with this account as its organizer; its vaults are sealed to the new recovery group. */
  'family.create': { request: accountRef.extend({ name: familyName }).strict(), response: familyResponse },
  'family.invite': { request: accountRef.extend({ email }).strict(), response: z.object({ email: z.string(), expiresAt: z.string() }).strict() },
  /** What an invitation code is for, before joining. */
  'family.invitation': { request: accountRef.extend({ inviteToken }).strict(), response: z.object({ familyName: z.string(), invitedBy: z.string() }).strict() },
  /** Joins only if the group key is signed by the organizer whose security code the person typed. */
  'family.join': { request: accountRef.extend({ inviteToken, organizerCode }).strict(), response: familyResponse },
  /** Trusts an organizer made after this account joined, by the security code they told the person (checked against the family's organizers). */
  'family.trustOrganizer': { request: accountRef.extend({ organizerCode }).strict(), response: familyResponse },
  /** Organizers: making an organizer a member, or removing one, also replaces the family's recovery group key. */
  'family.setRole': { request: accountRef.extend({ memberId, role: z.enum(roles) }).strict(), response: familyResponse },
  'family.remove': { request: accountRef.extend({ memberId }).strict(), response: familyResponse },
  /** Organizers: the member is emailed and recovers on their device. */
  'family.startRecovery': { request: accountRef.extend({ memberId }).strict(), response: familyResponse },
  /** Organizers: reseals the recovered member's vaults to their new keys. */
  'family.completeRecovery': { request: accountRef.extend({ recoveryId }).strict(), response: familyResponse },
  'family.cancelRecovery': { request: accountRef.extend({ recoveryId }).strict(), response: familyResponse },
  /** Organizers: the pending invitation to `email` stops working. */
  'family.cancelInvite': { request: accountRef.extend({ email }).strict(), response: familyResponse },
  /** Dismisses the notice that a member recovered by themselves, cancelling the recovery this account started. */
  'family.dismissCancelledRecovery': { request: accountRef.extend({ memberId }).strict(), response: familyResponse },
  /** Organizers: hand the role to `memberId` and become a member; the family's recovery group key is replaced. */
  'family.stepDown': { request: accountRef.extend({ memberId }).strict(), response: familyResponse },
} as const;

export const memberRecoveryChannels = {
  'memberRecovery.start': {
    request: z.object({ email }).strict(),
    response: z.object({ sentTo: z.string(), codeDigits: z.number().int(), expiresInSeconds: z.number().int(), localMailbox: z.boolean() }).strict(),
  },
  'memberRecovery.verify': {
    request: z.object({ code: z.string().trim().regex(/^\d{6,8}$/, 'Enter the digits from the email.') }).strict(),
    response: z.object({ familyName: z.string() }).strict(),
  },
  /** New password, Secret Key, account key and keyset; the recovery code is deleted; this device signs in. */
  'memberRecovery.complete': { request: z.object({ password }).strict(), response: z.object({ account: deviceAccount, secretKey: z.string() }).strict() },
  'memberRecovery.cancel': { request: emptyRequest, response: emptyResponse },
  /** A locked-out member asks their organizers to start a recovery: they are emailed and see the request on their Family page. */
  'memberRecovery.ask': { request: z.object({ email }).strict(), response: emptyResponse },
} as const;

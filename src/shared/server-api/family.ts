/**
 * Families accounts (docs/security-design.md §8.5, §13.2). A family has organizers and members; each
 * account belongs to at most one family. The family's **recovery group** is an X25519 key
 * pair made by the first organizer's client: its public key is here, its private key only
 * ever sealed (envelope 0x07) to each organizer's own X25519 public key. Every vault of every
 * member is also sealed to the group's public key, so an organizer's client can give a
 * recovered member's new keyset its vaults back. The server stores and routes these sealed
 * boxes; it never holds a vault key or the group's private key in the clear. When an organizer
 * is demoted or removed, the acting organizer's client replaces the group key pair in the same
 * request (a rotation), so the key the leaver's devices may have kept opens nothing any more.
 *
 * Organizer recovery, in order:
 *   1. an organizer starts it for a member (`recoveries.start`): the member is emailed;
 *   2. the member proves the email (`memberRecovery.start` → emailed code → `verify`) and
 *      registers a new password, Secret Key, account key and keyset (`reset`); in the same
 *      transaction their recovery code is deleted (it wraps an account key that is gone) and
 *      every session ends. Their vault grants, sealed to the old keyset, are set aside;
 *   3. an organizer's client unseals each of those vaults through the group and reseals it
 *      to the member's new public key (`recoveries.complete`).
 * A member who uses their own recovery code instead cancels a recovery still at step 1.
 */
import { z } from 'zod';
import { kdfSchema } from './account';
import {
  accountIdSchema as accountId,
  emailSchema,
  encryptedKeysetSchema,
  exactBytes,
  base64url,
  defineRoute,
  opaqueRecordSchema,
  sealedGroupKeySchema as sealedGroupKey,
  wrappedAccountKeySchema,
  x25519PublicKeySchema as x25519PublicKey,
} from './http';
import { id16, sealedVaultKeySchema as sealedBox } from './vault';

export const familyRoles = ['organizer', 'member'] as const;
export type FamilyRole = (typeof familyRoles)[number];

/** A server-made id (16 random bytes, base64url). */
const serverId = id16;
const familyName = z.string().trim().min(1, 'must not be empty').max(100);
/** The invitation secret from the email. */
const inviteToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the invitation code from the email');
const recoveryToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the token the server returned');

/** A vault key sealed to the recovery group's public key. */
export const groupGrantSchema = z.strictObject({ vaultId: id16, sealedVaultKey: sealedBox });
const groupGrants = z.array(groupGrantSchema).max(1000);

export const familyMemberSchema = z.strictObject({
  accountId: z.string(),
  email: z.string(),
  role: z.enum(familyRoles),
  /** The key an organizer seals the group key, or a shared vault's key, to. */
  publicKey: z.string(),
  /** Their Ed25519 key: with `publicKey` and `accountId`, what their security code is made of (§8.7). */
  signPublicKey: z.string(),
  joinedAt: z.string(),
});

export const familyRecoverySchema = z.strictObject({
  recoveryId: z.string(),
  accountId: z.string(),
  email: z.string(),
  /** 'awaiting-member': the member has not reset yet; 'awaiting-organizer': an organizer's client must reseal their vaults. */
  stage: z.enum(['awaiting-member', 'awaiting-organizer']),
  startedBy: z.string(),
  startedAt: z.string(),
  /** When the recovery ends by itself if nobody finishes it (the server's policy). */
  expiresAt: z.string(),
});
export type FamilyRecoveryView = z.infer<typeof familyRecoverySchema>;

/**
 * The current group key as the organizer who made it signed it (docs/security-design.md §8.7):
 * its generation, the signature, and the signer's account id and public keys. A device seals
 * nothing to a key whose signature does not verify under organizer keys it trusts.
 */
export const signedGroupKeySchema = z.strictObject({
  keyId: z.string(),
  publicKey: z.string(),
  generation: z.int(),
  /** Null for a family made before signed group keys: nothing is sealed to it. */
  signature: z.string().nullable(),
  signedBy: z.strictObject({ accountId: z.string(), boxPublicKey: z.string(), signPublicKey: z.string() }).nullable(),
});
export type SignedGroupKey = z.infer<typeof signedGroupKeySchema>;

export const familySchema = z.strictObject({
  familyId: z.string(),
  name: z.string(),
  role: z.enum(familyRoles),
  recoveryGroup: signedGroupKeySchema.extend({
    /** Organizers only: the group's private key sealed to this account's public key. */
    sealedPrivateKey: z.string().nullable(),
  }),
  members: z.array(familyMemberSchema),
  invites: z.array(z.strictObject({ email: z.string(), expiresAt: z.string() })),
  /** Organizers see every recovery under way; a member sees only their own. */
  recoveries: z.array(familyRecoverySchema),
  /** Organizers: members who asked to be recovered and have no recovery under way (a member sees none). */
  recoveryRequests: z.array(z.strictObject({ accountId: z.string(), email: z.string(), askedAt: z.string() })),
  /** The recoveries this account started that the member cancelled by recovering themselves, until dismissed. */
  cancelledRecoveries: z.array(z.strictObject({ accountId: z.string(), email: z.string(), cancelledAt: z.string() })),
});
export type FamilyView = z.infer<typeof familySchema>;

/** A new recovery group: its public key, the private key sealed to each organizer, and every family vault's key sealed to it. */
const newRecoveryGroup = z.strictObject({
  publicKey: x25519PublicKey,
  /** The acting organizer's Ed25519 signature over the family id, the new generation and `publicKey` (§8.7). */
  signature: exactBytes(64),
  sealedPrivateKeys: z.array(z.strictObject({ accountId, sealedPrivateKey: sealedGroupKey })).min(1).max(100),
  vaultGrants: groupGrants,
});

/**
 * Sent with demoting or removing an organizer: a new recovery group for the organizers who
 * remain, every remaining family vault grant resealed to it, and the key id it replaces
 * (compare-and-set: 409 `stale_group_key` if the family's key changed since).
 */
export const groupKeyRotationSchema = newRecoveryGroup.extend({ keyId: serverId });
export type GroupKeyRotation = z.infer<typeof groupKeyRotationSchema>;

const memberParams = z.strictObject({ accountId });
const recoveryParams = z.strictObject({ recoveryId: serverId });

export const familyRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/v1/families',
    summary: 'Create a Families account with this account as its first organizer; the grants must cover every vault it belongs to',
    tag: 'family',
    access: 'security',
    status: 201,
    /** The family id is the creating device's (16 random bytes), so its first group key can be signed for it; 409 `in_a_family` if taken. */
    body: z.strictObject({ familyId: serverId, name: familyName, recoveryGroup: newRecoveryGroup }),
    response: z.strictObject({ family: familySchema }),
  }),
  get: defineRoute({
    method: 'GET',
    path: '/v1/family',
    summary: "This account's family (null if none): members, pending invitations, recoveries, and the recovery group",
    tag: 'family',
    access: 'read',
    secondFactor: true,
    response: z.strictObject({ family: familySchema.nullable() }),
  }),
  invite: defineRoute({
    method: 'POST',
    path: '/v1/family/invites',
    summary: 'Organizers: invite someone by email (the invitation code is emailed to them)',
    tag: 'family',
    access: 'security',
    status: 201,
    body: z.strictObject({ email: emailSchema }),
    response: z.strictObject({ email: z.string(), expiresAt: z.string() }),
  }),
  invitation: defineRoute({
    method: 'POST',
    path: '/v1/family/invitation',
    summary: "What an invitation to this account's email is for, and the group key its vaults must be sealed to before joining",
    tag: 'family',
    access: 'security',
    body: z.strictObject({ inviteToken }),
    response: z.strictObject({ familyId: z.string(), familyName: z.string(), invitedBy: z.string(), recoveryGroup: signedGroupKeySchema }),
  }),
  join: defineRoute({
    method: 'POST',
    path: '/v1/family/join',
    summary: "Accept an invitation to this account's email; the grants must cover every vault the account belongs to",
    tag: 'family',
    access: 'security',
    body: z.strictObject({ inviteToken, keyId: serverId, vaultGrants: groupGrants }),
    response: z.strictObject({ family: familySchema }),
  }),
  setRole: defineRoute({
    method: 'POST',
    path: '/v1/family/members/:accountId/role',
    summary: 'Organizers: promote a member (with the group key under keyId sealed to them) or demote an organizer (never the last; with a rotation of the group key)',
    tag: 'family',
    access: 'security',
    params: memberParams,
    body: z.strictObject({ role: z.enum(familyRoles), keyId: serverId.optional(), sealedPrivateKey: sealedGroupKey.optional(), rotation: groupKeyRotationSchema.optional() }),
    response: z.strictObject({ family: familySchema }),
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/v1/family/members/:accountId',
    summary: 'Organizers: remove a member, or an organizer with a rotation of the group key (never the last organizer); they keep their Private vault',
    tag: 'family',
    access: 'security',
    params: memberParams,
    body: z.strictObject({ rotation: groupKeyRotationSchema.optional() }),
    response: z.strictObject({ family: familySchema }),
  }),
  vaultGrants: defineRoute({
    method: 'GET',
    path: '/v1/family/vault-grants',
    summary: "Organizers: every family vault's key sealed to the current group key, with who created the vault (what a rotation reseals)",
    tag: 'family',
    access: 'read',
    secondFactor: true,
    response: z.strictObject({ keyId: z.string(), grants: z.array(groupGrantSchema.extend({ createdBy: z.string() })) }),
  }),
  startRecovery: defineRoute({
    method: 'POST',
    path: '/v1/family/recoveries',
    summary: 'Organizers: start recovering a member of the family (the member is emailed)',
    tag: 'family',
    access: 'security',
    status: 201,
    body: z.strictObject({ accountId }),
    response: z.strictObject({ recovery: familyRecoverySchema }),
  }),
  recoveryVaults: defineRoute({
    method: 'GET',
    path: '/v1/family/recoveries/:recoveryId/vaults',
    summary: "Organizers: a recovery awaiting an organizer: the member's new public key and their vaults' keys sealed to the group",
    tag: 'family',
    access: 'read',
    secondFactor: true,
    params: recoveryParams,
    response: z.strictObject({ keyId: z.string(), memberPublicKey: z.string(), vaults: z.array(groupGrantSchema.extend({ role: z.string() })) }),
  }),
  completeRecovery: defineRoute({
    method: 'POST',
    path: '/v1/family/recoveries/:recoveryId/complete',
    summary: "Organizers: give the recovered member's new keyset its vaults back: each vault key sealed to the member's new public key",
    tag: 'family',
    access: 'security',
    params: recoveryParams,
    body: z.strictObject({ memberPublicKey: x25519PublicKey, vaultKeys: groupGrants }),
    response: z.strictObject({ completed: z.literal(true) }),
  }),
  cancelRecovery: defineRoute({
    method: 'DELETE',
    path: '/v1/family/recoveries/:recoveryId',
    summary: 'Organizers: cancel a recovery the member has not completed yet',
    tag: 'family',
    access: 'security',
    params: recoveryParams,
    response: z.strictObject({ cancelled: z.literal(true) }),
  }),
} as const;

/** The member's side of an organizer recovery: no session (they are locked out), the email proves them. */
export const memberRecoveryRoutes = {
  start: defineRoute({
    method: 'POST',
    path: '/v1/family-recovery/start',
    summary: 'Ask for the email code of a recovery an organizer started (the same answer whether or not there is one)',
    tag: 'family',
    access: 'public',
    body: z.strictObject({ email: emailSchema }),
    response: z.strictObject({ sentTo: z.string(), codeDigits: z.int(), expiresInSeconds: z.int() }),
  }),
  verify: defineRoute({
    method: 'POST',
    path: '/v1/family-recovery/verify',
    summary: 'The emailed code → a recovery token and what making the new keys needs (never a vault key)',
    tag: 'family',
    access: 'public',
    body: z.strictObject({ email: emailSchema, code: z.string().regex(/^\d{6,8}$/, 'must be the code from the email') }),
    response: z.strictObject({
      recoveryToken: z.string(),
      expiresInSeconds: z.int(),
      /** The KDF stays (salt and parameters); the new Secret Key and password make the new keys. */
      account: z.strictObject({ accountId: z.string(), email: z.string(), familyName: z.string(), kdf: kdfSchema }),
    }),
  }),
  resetStart: defineRoute({
    method: 'POST',
    path: '/v1/family-recovery/reset/start',
    summary: 'OPAQUE registration start for the new password',
    tag: 'family',
    access: 'public',
    body: z.strictObject({ recoveryToken, registrationRequest: base64url(512) }),
    response: z.strictObject({ registrationResponse: z.string() }),
  }),
  reset: defineRoute({
    method: 'POST',
    path: '/v1/family-recovery/reset/finish',
    summary: 'Replace the password, account key and keyset; the recovery code is deleted and every session ends, in one transaction',
    tag: 'family',
    access: 'public',
    body: z.strictObject({
      recoveryToken,
      registrationRecord: opaqueRecordSchema,
      wrappedAccountKey: wrappedAccountKeySchema,
      publicKeys: z.strictObject({ x25519: x25519PublicKey, ed25519: x25519PublicKey }),
      encryptedKeyset: encryptedKeysetSchema,
    }),
    response: z.strictObject({ recovered: z.literal(true), accountId: z.string() }),
  }),
} as const;

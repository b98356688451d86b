/**
 * A locked-out member asking their organizers to recover them, and an organizer's housekeeping of a family (docs/security-design.md §8.5): cancelling an
 * invitation not yet accepted, dismissing the notice that a member recovered by themselves, and stepping down, which hands the organizer role to another
 * member in one transaction and replaces the group key the leaving organizer held. Sending an
 * invitation again is `POST /v1/family/invites` for the same address: it replaces the code.
 */
import { z } from 'zod';
import { accountIdSchema, defineRoute, emailSchema } from './http';
import { familySchema, groupKeyRotationSchema } from './family';

export const familyOrganizerRoutes = {
  cancelInvite: defineRoute({
    method: 'POST',
    path: '/v1/family/invites/cancel',
    summary: "Organizers: cancel the family's pending invitation to an address (its code stops working); 404 if none is pending",
    tag: 'family',
    access: 'security',
    body: z.strictObject({ email: emailSchema }),
    response: z.strictObject({ family: familySchema }),
  }),
  dismissCancelledRecovery: defineRoute({
    method: 'DELETE',
    path: '/v1/family/cancelled-recoveries/:accountId',
    summary: 'Dismiss the notice that this member recovered by themselves, cancelling the recovery this account started; 404 if there is none',
    tag: 'family',
    access: 'write',
    secondFactor: true,
    params: z.strictObject({ accountId: accountIdSchema }),
    response: z.strictObject({ family: familySchema }),
  }),
  stepDown: defineRoute({
    method: 'POST',
    path: '/v1/family/step-down',
    summary:
      'Organizers: hand the organizer role to another member and become a member, with a rotation of the group key sealed to the organizers who remain (the successor included)',
    tag: 'family',
    access: 'security',
    body: z.strictObject({ successorId: accountIdSchema, rotation: groupKeyRotationSchema }),
    response: z.strictObject({ family: familySchema }),
  }),
} as const;

/** For a locked-out member (no session): the email names them, and the answer is the same whether or not it is a family member's. */
export const familyRecoveryRequestRoutes = {
  ask: defineRoute({
    method: 'POST',
    path: '/v1/family-recovery/ask',
    summary: "Ask the organizers of this address's family to recover it: they are emailed and their family record lists the request (the same answer whether or not there is a family)",
    tag: 'family',
    access: 'public',
    body: z.strictObject({ email: emailSchema }),
    response: z.strictObject({ asked: z.literal(true) }),
  }),
} as const;

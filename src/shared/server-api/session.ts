/** Sessions: one per signed-in device, listed and revocable by the account owner. */
import { z } from 'zod';
import { platforms } from './account';
import { base64url, defineRoute } from './http';

export const deviceSessionSchema = z.strictObject({
  sessionId: z.string(),
  deviceName: z.string(),
  platform: z.enum(platforms),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  /** The session making this request. */
  current: z.boolean(),
});
export type DeviceSession = z.infer<typeof deviceSessionSchema>;

export const sessionRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/v1/sessions',
    summary: 'The devices signed in to this account',
    tag: 'session',
    access: 'read',
    response: z.strictObject({ devices: z.array(deviceSessionSchema) }),
  }),
  signOutOne: defineRoute({
    method: 'DELETE',
    path: '/v1/sessions/:sessionId',
    summary: 'Sign out another device (this one signs out with POST /v1/session/sign-out)',
    tag: 'session',
    access: 'security',
    stepUp: true,
    params: z.strictObject({ sessionId: base64url(64) }),
    response: z.strictObject({ signedOut: z.int() }),
  }),
  signOutThis: defineRoute({
    method: 'POST',
    path: '/v1/session/sign-out',
    summary: 'Sign out this device: end the session making the request (no second factor or step-up: it only gives access up)',
    tag: 'session',
    access: 'write',
    body: z.strictObject({}),
    response: z.strictObject({ signedOut: z.literal(1) }),
  }),
  signOutOthers: defineRoute({
    method: 'POST',
    path: '/v1/sessions/sign-out-others',
    summary: 'Sign out every device but this one',
    tag: 'session',
    access: 'security',
    stepUp: true,
    body: z.strictObject({}),
    response: z.strictObject({ signedOut: z.int() }),
  }),
} as const;

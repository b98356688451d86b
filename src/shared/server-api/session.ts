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
    auth: true,
    response: z.strictObject({ devices: z.array(deviceSessionSchema) }),
  }),
  signOutOne: defineRoute({
    method: 'DELETE',
    path: '/v1/sessions/:sessionId',
    summary: 'Sign out one device (it may be this one)',
    tag: 'session',
    auth: true,
    params: z.strictObject({ sessionId: base64url(64) }),
    response: z.strictObject({ signedOut: z.int() }),
  }),
  signOutOthers: defineRoute({
    method: 'POST',
    path: '/v1/sessions/sign-out-others',
    summary: 'Sign out every device but this one',
    tag: 'session',
    auth: true,
    body: z.strictObject({}),
    response: z.strictObject({ signedOut: z.int() }),
  }),
} as const;

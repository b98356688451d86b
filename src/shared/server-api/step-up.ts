/**
 * The step-up: a fresh proof of the account password (and of the second factor, where the
 * account has one), checked by the server before a change to how the account is reached.
 *
 *   1. start: an OPAQUE login against the account's own record, bound to the session;
 *   2. (only to use a security key) security-key: a WebAuthn challenge bound to the session;
 *   3. finish: the OPAQUE finish plus, where the account has two-step verification and the
 *      session has not passed it, a code from the authenticator app or a security key's
 *      answer (one given is always checked) → a step-up token.
 *
 * The token goes in the `latchkey-step-up` header of one `stepUp` route (src/shared/server-api/http.ts),
 * which uses it up. It lives 5 minutes and works only with the session that made it.
 */
import { z } from 'zod';
import { base64url, defineRoute } from './http';
import { authenticationOptionsSchema, authenticationResponseSchema } from './security-keys';
import { totpCode } from './two-factor';

/** How long a step-up token can be used (and a started step-up finished). */
export const STEP_UP_TTL_SECONDS = 300;

const opaqueMessage = base64url(2048);

export const stepUpRoutes = {
  start: defineRoute({
    method: 'POST',
    path: '/v1/account/step-up/start',
    summary: 'Step-up 1: OPAQUE login against this account’s record, server step; says which second factors the finish needs',
    tag: 'account',
    access: 'sign-in',
    body: z.strictObject({ startLoginRequest: opaqueMessage }),
    response: z.strictObject({
      stepUpId: z.string(),
      loginResponse: z.string(),
      /** The second factors the finish needs: both false when the account has no two-step verification or this session has passed it. */
      secondFactor: z.strictObject({ authenticator: z.boolean(), securityKey: z.boolean() }),
      expiresInSeconds: z.int(),
    }),
  }),
  securityKey: defineRoute({
    method: 'POST',
    path: '/v1/account/step-up/security-key',
    summary: 'Step-up 2 (security keys only): a challenge for one of the account’s keys, bound to this session',
    tag: 'account',
    access: 'sign-in',
    body: z.strictObject({}),
    response: z.strictObject({ options: authenticationOptionsSchema }),
  }),
  finish: defineRoute({
    method: 'POST',
    path: '/v1/account/step-up/finish',
    summary: 'Step-up 3: the OPAQUE finish and, where the account has two-step verification, one second factor → a single-use step-up token for this session',
    tag: 'account',
    access: 'sign-in',
    body: z.strictObject({
      stepUpId: base64url(64, 43),
      finishLoginRequest: opaqueMessage,
      /** A code from the authenticator app. */
      code: totpCode.optional(),
      /** A security key's answer to the challenge of step 2. */
      securityKey: authenticationResponseSchema.optional(),
    }),
    response: z.strictObject({ stepUpToken: z.string(), expiresInSeconds: z.int() }),
  }),
} as const;

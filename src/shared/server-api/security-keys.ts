/**
 * Security keys (FIDO2/WebAuthn) as a second factor. The server makes the options of each
 * ceremony (with a single-use challenge bound to the session and what it is for), the app's
 * renderer runs the ceremony with the key, and the server checks the key's answer: a new
 * credential when registering, a signature when it is used as the second factor.
 * Options and answers are the WebAuthn JSON forms (binary values as unpadded base64url).
 */
import { z } from 'zod';
import { base64url, defineRoute } from './http';
import { twoFactorStatusSchema } from './two-factor';

/** No control characters, and no spaces at either end. */
export const securityKeyNamePattern = /^\S(?:[^\p{Cc}]*\S)?$/u;

/** What the user calls a key: shown in the list and in the owner's mail. */
export const securityKeyName = z.string().min(1).max(64).regex(securityKeyNamePattern, 'must be a name without control characters or spaces at either end');

export const securityKeyId = base64url(32);

/** How the browser reached the key ('usb', 'nfc', ...): kept as hints for later ceremonies; a name a browser does not know is ignored by it. */
const transports = z.array(z.string().regex(/^[a-z-]{1,32}$/)).max(8);
const credentialDescriptor = z.strictObject({ id: base64url(1366), type: z.literal('public-key'), transports: transports.optional() });
const userVerification = z.enum(['required', 'preferred', 'discouraged']);

export const registrationOptionsSchema = z.strictObject({
  challenge: base64url(128),
  rp: z.strictObject({ name: z.string(), id: z.string() }),
  user: z.strictObject({ id: base64url(128), name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.strictObject({ alg: z.number().int(), type: z.literal('public-key') })),
  timeout: z.number().int().positive(),
  attestation: z.enum(['none', 'direct', 'enterprise', 'indirect']),
  excludeCredentials: z.array(credentialDescriptor),
  authenticatorSelection: z.strictObject({
    residentKey: z.enum(['required', 'preferred', 'discouraged']),
    userVerification,
    requireResidentKey: z.boolean(),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  }),
  extensions: z.strictObject({ credProps: z.boolean() }),
  hints: z.array(z.enum(['security-key', 'client-device', 'hybrid'])),
});

export const authenticationOptionsSchema = z.strictObject({
  challenge: base64url(128),
  rpId: z.string(),
  allowCredentials: z.array(credentialDescriptor),
  timeout: z.number().int().positive(),
  userVerification,
});

/** The browser's extension outputs: the one extension asked for is credProps (at registration), and it is not relied on. */
const clientExtensionResults = z.strictObject({ credProps: z.strictObject({ rk: z.boolean().optional() }).optional() });
const attachment = z.enum(['platform', 'cross-platform']).optional();

export const registrationResponseSchema = z.strictObject({
  id: base64url(1366),
  rawId: base64url(1366),
  type: z.literal('public-key'),
  response: z.strictObject({
    clientDataJSON: base64url(4096),
    attestationObject: base64url(16384),
    authenticatorData: base64url(16384).optional(),
    transports: transports.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(4096).optional(),
  }),
  clientExtensionResults,
  authenticatorAttachment: attachment,
});

export const authenticationResponseSchema = z.strictObject({
  id: base64url(1366),
  rawId: base64url(1366),
  type: z.literal('public-key'),
  response: z.strictObject({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(4096),
    signature: base64url(2048),
    userHandle: base64url(128).optional(),
  }),
  clientExtensionResults,
  authenticatorAttachment: attachment,
});

export const securityKeySchema = z.strictObject({
  id: securityKeyId,
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type SecurityKey = z.infer<typeof securityKeySchema>;

export const securityKeyRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/v1/two-factor/security-keys',
    summary: "The account's security keys: names and dates",
    tag: 'two-factor',
    access: 'read',
    secondFactor: true,
    response: z.strictObject({ keys: z.array(securityKeySchema) }),
  }),
  registrationStart: defineRoute({
    method: 'POST',
    path: '/v1/two-factor/security-keys/registration/start',
    summary: 'Options for registering a new security key (its challenge works once, for this session, for a few minutes)',
    tag: 'two-factor',
    access: 'security',
    body: z.strictObject({}),
    response: z.strictObject({ options: registrationOptionsSchema }),
  }),
  registrationFinish: defineRoute({
    method: 'POST',
    path: '/v1/two-factor/security-keys/registration/finish',
    summary: "Keep the new key under a name; the account now asks for a second factor (this session has passed it)",
    tag: 'two-factor',
    access: 'security',
    body: z.strictObject({ name: securityKeyName, response: registrationResponseSchema }),
    response: z.strictObject({ status: twoFactorStatusSchema, key: securityKeySchema }),
  }),
  authenticationStart: defineRoute({
    method: 'POST',
    path: '/v1/two-factor/security-keys/authentication/start',
    summary: "Options for passing the second factor with one of the account's security keys",
    tag: 'two-factor',
    access: 'sign-in',
    body: z.strictObject({}),
    response: z.strictObject({ options: authenticationOptionsSchema }),
  }),
  authenticationFinish: defineRoute({
    method: 'POST',
    path: '/v1/two-factor/security-keys/authentication/finish',
    summary: "Pass the second factor for this session with a key's signature over the challenge",
    tag: 'two-factor',
    access: 'sign-in',
    body: z.strictObject({ response: authenticationResponseSchema }),
    response: twoFactorStatusSchema,
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/v1/two-factor/security-keys/:keyId',
    summary: 'Remove a security key; removing the last second factor turns two-step verification off',
    tag: 'two-factor',
    access: 'security',
    params: z.strictObject({ keyId: securityKeyId }),
    response: twoFactorStatusSchema,
  }),
} as const;

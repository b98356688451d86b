/**
 * How the sync API is described, once, for both ends: each route is a method, a path, and
 * zod schemas for its params, body and response. The server derives its JSON schemas (and
 * so its validation and OpenAPI document) from these; the desktop client validates the same
 * shapes. Everything on the wire is JSON with binary values as unpadded base64url strings.
 */
import { z } from 'zod';
import { EnvelopeKind, envelopeKindName, HEADER_BYTES, NONCE_BYTES, SEAL_OVERHEAD, TAG_BYTES } from '../crypto/envelope';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Every route declares its class, and the server derives what it enforces from it (addRoute,
 * src/server/http/routes.ts), so a new route cannot leave a check out:
 * - `public`: no session (sign-up, sign-in, the signed-out recovery steps);
 * - `sign-in`: a session that is still proving who it is: passing the second factor, or the
 *   step-up (a fresh proof of the password); no 2FA gate, since these routes are how it is passed;
 * - `read`: reads with a session; `write`: changes to data (vaults and items) with a session.
 *   Either may also set `secondFactor` (the 2FA gate);
 * - `security`: changes how the account is reached (password, recovery code and checks,
 *   devices and sessions, the authenticator and security keys, family membership and roles,
 *   vault sharing). Always behind the 2FA gate; `stepUp` adds the step-up token.
 */
export const routeClasses = ['public', 'sign-in', 'read', 'write', 'security'] as const;
export type RouteClass = (typeof routeClasses)[number];

/** The header that carries a step-up token (POST /v1/account/step-up/finish): single use, bound to the session. */
export const STEP_UP_HEADER = 'latchkey-step-up';

interface RouteDefinitionBase {
  readonly method: HttpMethod;
  /** Fastify style: `/v1/sessions/:sessionId`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodObject;
  /** Query string fields; all values arrive as strings (no coercion). */
  readonly query?: z.ZodObject;
  readonly body?: z.ZodObject;
  readonly response: z.ZodType;
  /** The success status; 200 unless given. */
  readonly status?: 200 | 201 | 202;
  /** The largest request body (bytes) when more than the server's default (64 KiB). */
  readonly bodyLimit?: number;
  /** Error statuses whose body extends the uniform error body (e.g. 409 with the current item). */
  readonly errors?: Readonly<Partial<Record<400 | 403 | 404 | 409, z.ZodType>>>;
}

export type RouteDefinition =
  | (RouteDefinitionBase & { readonly access: 'public' | 'sign-in'; readonly secondFactor?: never; readonly stepUp?: never })
  | (RouteDefinitionBase & {
      readonly access: 'read' | 'write';
      /**
       * Also needs the second factor where the account has 2FA on: a session that has not
       * passed it gets 403 `second_factor_required` before anything is read (the 2FA gate).
       */
      readonly secondFactor?: boolean;
      readonly stepUp?: never;
    })
  | (RouteDefinitionBase & {
      readonly access: 'security';
      readonly secondFactor?: never;
      /** Also needs a step-up token (STEP_UP_HEADER), used up by the request: else 403 `step_up_required`. */
      readonly stepUp?: boolean;
    });

/** Needs `Authorization: Bearer <session token>`. */
export function needsSession(route: RouteDefinition): boolean {
  return route.access !== 'public';
}

/** Behind the 2FA gate. */
export function needsSecondFactor(route: RouteDefinition): boolean {
  return route.access === 'security' || route.secondFactor === true;
}

export function defineRoute<const D extends RouteDefinition>(definition: D): D {
  return definition;
}

export type RouteBody<D extends RouteDefinition> = D['body'] extends z.ZodObject ? z.infer<D['body']> : undefined;
export type RouteParams<D extends RouteDefinition> = D['params'] extends z.ZodObject ? z.infer<D['params']> : undefined;
export type RouteQuery<D extends RouteDefinition> = D['query'] extends z.ZodObject ? z.infer<D['query']> : undefined;
export type RouteResponse<D extends RouteDefinition> = z.infer<D['response']>;

/** Unpadded base64url, as produced by @serenity-kit/opaque and our envelopes. */
export function base64url(maxLength: number, minLength = 1) {
  return z
    .string()
    .min(minLength)
    .max(maxLength)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
}

/*
 * Byte-exact checks, as regular expressions only: the server validates with the JSON schema
 * made from these zod schemas, which keeps patterns and lengths but drops zod refinements.
 * "Canonical" means what Node's and libsodium's encoders produce: no padding, no stray bits.
 */
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CHAR = '[A-Za-z0-9_-]';
/** The last character when one byte (4 of its bits spare) or two bytes (2 spare) end the text. */
const LAST_OF_ONE = '[AQgw]';
const LAST_OF_TWO = '[AEIMQUYcgkosw048]';
const ANY_CANONICAL = `(?:${CHAR}{4})*(?:${CHAR}${LAST_OF_ONE}|${CHAR}{2}${LAST_OF_TWO})?`;

function exactPattern(bytes: number): string {
  const rest = bytes % 3;
  const tail = rest === 0 ? '' : rest === 1 ? `${CHAR}${LAST_OF_ONE}` : `${CHAR}{2}${LAST_OF_TWO}`;
  return `${CHAR}{${Math.floor(bytes / 3) * 4}}${tail}`;
}

/** Exactly `bytes` bytes as canonical unpadded base64url. */
export function exactBytes(bytes: number) {
  return z.string().regex(new RegExp(`^${exactPattern(bytes)}$`), `must be ${bytes} bytes as base64url`);
}

/**
 * The first three characters of an envelope: version 0x01, then one of `kinds` (1 to 15, so the
 * high nibble is 0). The alphabet's `-` is escaped: kind 0x0F's characters are `89-_`, which
 * unescaped would be a range in the class.
 */
function envelopeHeader(...kinds: EnvelopeKind[]): string {
  const thirds = kinds.map((kind) => {
    const third = (kind & 0x0f) << 2;
    return BASE64URL_ALPHABET.slice(third, third + 4);
  });
  return `AQ[${thirds.join('').replace('-', '\\-')}]`;
}

/** An envelope whose plaintext has a fixed length (a key): the exact size of §9, header checked. */
export function keyEnvelope(kind: EnvelopeKind, plaintextBytes: number) {
  const sealed = kind === EnvelopeKind.VaultKeySealed || kind === EnvelopeKind.FamilyGroupKeySealed;
  const bytes = HEADER_BYTES + (sealed ? SEAL_OVERHEAD : NONCE_BYTES + TAG_BYTES) + plaintextBytes;
  return z.string().regex(new RegExp(`^(?=${envelopeHeader(kind)})${exactPattern(bytes)}$`), `must be envelope ${envelopeKindName(kind)} of ${bytes} bytes`);
}

/** An envelope of variable size (limits in base64url characters), header (one of `kinds`) and encoding checked. */
export function envelope(kinds: EnvelopeKind | readonly EnvelopeKind[], maxLength: number, minLength: number) {
  const list = typeof kinds === 'number' ? [kinds] : [...kinds];
  return z
    .string()
    .min(minLength)
    .max(maxLength)
    .regex(new RegExp(`^(?=${envelopeHeader(...list)})${ANY_CANONICAL}$`), `must be envelope ${list.map(envelopeKindName).join(' or ')} as base64url`);
}

/** An OPAQUE registration record of the ristretto255 suite: client public key (32), masking key (64), envelope (96). */
export const OPAQUE_RECORD_BYTES = 192;
export const opaqueRecordSchema = exactBytes(OPAQUE_RECORD_BYTES);

/** C0 and C1 control characters: Unicode general category Cc, exactly. */
const CONTROL = String.raw`\x00-\x1F\x7F-\x9F`;

/**
 * An email address as typed: surrounding spaces and case are normalised by the server, which
 * checks the shape again after normalising (src/server/account/accounts.ts). No control
 * characters anywhere, not even around it.
 */
export const emailSchema = z
  .string()
  .min(3)
  .max(254)
  .regex(new RegExp(`^[^${CONTROL}]*$`), 'must not contain control characters')
  .regex(/^\s*[^\s@]+@[^\s@]+\s*$/, 'must be an email address');

/** An email address after the server's normalisation: one @, a local part of 1 to 64 characters, dot-separated labels, no space or control character. */
export const normalisedEmailPattern = new RegExp(`^(?=.{3,254}$)[^\\s@${CONTROL}]{1,64}@[^\\s@.${CONTROL}]+(?:\\.[^\\s@.${CONTROL}]+)*$`);

/** An account id: 6 symbols of the Secret Key alphabet (src/shared/crypto/secret-key.ts). */
export const accountIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Y]{6}$/, 'must be an account id (6 characters)');
/** A public key (X25519 or Ed25519): 32 bytes as canonical unpadded base64url. */
export const x25519PublicKeySchema = exactBytes(32);

/** The account key wrapped by the AUK (§8.1): envelope 0x01 of a 32-byte key. */
export const wrappedAccountKeySchema = keyEnvelope(EnvelopeKind.AccountKeyByAuk, 32);
/** The account key wrapped by a recovery code's wrapping key: envelope 0x02 of a 32-byte key. */
export const recoveryWrappedAccountKeySchema = keyEnvelope(EnvelopeKind.AccountKeyByRecovery, 32);
/** The keyset's two private keys under the account key (§8.2): envelope 0x03 of 64 bytes. */
export const encryptedKeysetSchema = keyEnvelope(EnvelopeKind.KeysetPrivate, 64);
/** A family group's secret and public key sealed to an organizer (§8.5): envelope 0x07 of 64 bytes. */
export const sealedGroupKeySchema = keyEnvelope(EnvelopeKind.FamilyGroupKeySealed, 64);

/** Every error the API returns has this body, and nothing else. */
export const errorCodes = [
  'invalid_request',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'unauthorized',
  'rate_limited',
  'invalid_code',
  'code_expired',
  'too_many_attempts',
  'invalid_signup_token',
  'email_taken',
  'invalid_credentials',
  'login_expired',
  'mail_unavailable',
  'internal',
  // Vaults and items (src/shared/server-api/vault.ts).
  'second_factor_required',
  'vault_exists',
  'version_conflict',
  'item_not_padded',
  'not_vault_owner',
  'not_shared',
  'already_member',
  'stale_public_key',
  // The signed vault list: a counter that is not the stored one + 1; bytes that do not follow the layout.
  'vault_list_conflict',
  'vault_list_invalid',
  // The trust record (src/shared/server-api/trust-record.ts): a version that is not the stored one + 1.
  'stale_trust_record',
  // The account profile (src/shared/server-api/account-profile.ts): a version that is not the stored one + 1.
  'stale_account_profile',
  // Recovery codes (src/shared/server-api/recovery.ts).
  'recovery_expired',
  'invalid_recovery_token',
  // The recovery check-up (src/shared/server-api/recovery-check.ts): no active code to check; a check not started or expired.
  'no_recovery_code',
  'check_expired',
  // Identity checks after a recovery code: not set up (settings), or not allowed by the owner (recovery).
  'check_unavailable',
  'check_not_allowed',
  // Two-factor authentication (src/shared/server-api/two-factor.ts).
  'two_factor_enabled',
  // Families (src/shared/server-api/family.ts).
  'in_a_family',
  'not_an_organizer',
  'last_organizer',
  'grants_mismatch',
  'stale_group_key',
  'invalid_invite',
  'recovery_grant_required',
  // Security keys (src/shared/server-api/security-keys.ts).
  'challenge_expired',
  'security_key_refused',
  'security_key_exists',
  // Account-security changes: a fresh proof of the password, checked by the server.
  'step_up_required',
  // A body sent to a route that takes none (src/server/http/headers.ts).
  'body_not_allowed',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * Facts about a refusal that a client acts on, so that nothing has to read them back out of
 * the message: how many tries a code has left, how long to wait before trying again.
 */
export const errorDetailsSchema = z.strictObject({
  attemptsLeft: z.int().min(0).max(100).optional(),
  retryAfterSeconds: z.int().min(1).max(7 * 86_400).optional(),
});
export type ErrorDetails = z.infer<typeof errorDetailsSchema>;

/** Every refusal: a stable code (what a client branches on), words for a person, and details where the code has any. */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({ code: z.enum(errorCodes), message: z.string(), details: errorDetailsSchema.optional() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * How the sync API is described, once, for both ends: each route is a method, a path, and
 * zod schemas for its params, body and response. The server derives its JSON schemas (and
 * so its validation and OpenAPI document) from these; the desktop client validates the same
 * shapes. Everything on the wire is JSON with binary values as unpadded base64url strings.
 */
import { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** Fastify style: `/v1/sessions/:sessionId`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** Needs `Authorization: Bearer <session token>`. */
  readonly auth: boolean;
  readonly params?: z.ZodObject;
  readonly body?: z.ZodObject;
  readonly response: z.ZodType;
  /** The success status; 200 unless given. */
  readonly status?: 200 | 201 | 202;
}

export function defineRoute<const D extends RouteDefinition>(definition: D): D {
  return definition;
}

export type RouteBody<D extends RouteDefinition> = D['body'] extends z.ZodObject ? z.infer<D['body']> : undefined;
export type RouteParams<D extends RouteDefinition> = D['params'] extends z.ZodObject ? z.infer<D['params']> : undefined;
export type RouteResponse<D extends RouteDefinition> = z.infer<D['response']>;

/** Unpadded base64url, as produced by @serenity-kit/opaque and our envelopes. */
export function base64url(maxLength: number, minLength = 1) {
  return z
    .string()
    .min(minLength)
    .max(maxLength)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
}

/** An email address as typed: surrounding spaces and case are normalised by the server. */
export const emailSchema = z
  .string()
  .min(3)
  .max(254)
  .regex(/^\s*[^\s@]+@[^\s@]+\s*$/, 'must be an email address');

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
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorBodySchema = z.strictObject({
  error: z.strictObject({ code: z.enum(errorCodes), message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * Registers a route from its shared definition (src/shared/server-api): the JSON schemas
 * for validation, serialisation and OpenAPI all come from the one zod definition, and
 * authenticated routes get the caller's session before the handler runs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorBodySchema, needsSecondFactor, needsSession, STEP_UP_HEADER, type RouteBody, type RouteDefinition, type RouteParams, type RouteQuery, type RouteResponse } from '../../shared/server-api/http';
import { apiRoutes } from '../../shared/server-api/routes';
import type { ServerContext } from '../context';
import { requireSecondFactor } from '../session/second-factor';
import { useStepUpToken } from '../session/step-up-tokens';
import { authenticate, type AuthenticatedSession } from '../session/sessions';
import { SerializedJson } from './serialized-json';

export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'throw' }) as Record<string, unknown>;
  return rest;
}

const errorJsonSchema = jsonSchema(errorBodySchema);
/** The caller's session, on its request: a property no other module can name (a WeakMap entry per request cost the garbage collector more). */
const SESSION = Symbol('session');
type WithSession = FastifyRequest & { [SESSION]: AuthenticatedSession | null };
const sessionOf = (request: FastifyRequest) => ((request as WithSession)[SESSION] ?? undefined) as AuthenticatedSession;

/**
 * How a route finds its caller's session, before its input is read. By default the session
 * lookup alone (`authenticate`); a hot route may use a query that also answers for the route,
 * in the same database round trip (vault/sync-poll.ts), through `authenticateBy`.
 */
export type Authenticator<S extends AuthenticatedSession> = (context: ServerContext, request: FastifyRequest) => Promise<S>;
const sessionAlone: Authenticator<AuthenticatedSession> = (context, request) => authenticate(context, request.headers.authorization);

export interface RouteInput<D extends RouteDefinition, S extends AuthenticatedSession = AuthenticatedSession> {
  body: RouteBody<D>;
  params: RouteParams<D>;
  query: RouteQuery<D>;
  session: D['access'] extends 'public' ? undefined : S;
  request: FastifyRequest;
  reply: FastifyReply;
}

export function addRoute<D extends RouteDefinition, S extends AuthenticatedSession = AuthenticatedSession>(
  app: FastifyInstance,
  context: ServerContext | null,
  definition: D,
  handler: (input: RouteInput<D, S>) => Promise<RouteResponse<D> | SerializedJson<RouteResponse<D>>>,
  authenticator: Authenticator<S> = sessionAlone as Authenticator<S>,
): void {
  if (!apiRoutes.includes(definition)) throw new Error(`route ${definition.method} ${definition.path} is not in the shared route list`);
  const authenticated = needsSession(definition);
  const gated = needsSecondFactor(definition);
  const status = definition.status ?? 200;
  if (authenticated && !app.hasRequestDecorator(SESSION)) app.decorateRequest(SESSION, null);
  app.route({
    method: definition.method,
    url: definition.path,
    ...(definition.bodyLimit ? { bodyLimit: definition.bodyLimit } : {}),
    schema: {
      summary: definition.summary,
      tags: [definition.tag],
      ...(authenticated ? { security: [{ bearer: [] }] } : {}),
      description: describeAccess(definition),
      ...(definition.params ? { params: jsonSchema(definition.params) } : {}),
      ...(definition.query ? { querystring: jsonSchema(definition.query) } : {}),
      ...(definition.body ? { body: jsonSchema(definition.body) } : {}),
      response: {
        [status]: jsonSchema(definition.response),
        ...Object.fromEntries(Object.entries(definition.errors ?? {}).map(([code, schema]) => [code, jsonSchema(schema)])),
        '4xx': errorJsonSchema,
        '5xx': errorJsonSchema,
      },
    },
    // Authenticate before the body is read or validated: no schema detail for strangers.
    ...(authenticated
      ? {
          onRequest: async (request: FastifyRequest) => {
            if (!context) throw new Error('an authenticated route needs the server context');
            const session = await authenticator(context, request);
            // The 2FA gate, in this one place for every route that declares it.
            if (gated) requireSecondFactor(session);
            (request as WithSession)[SESSION] = session;
          },
        }
      : {}),
    // The step-up token is used up once the request is known to be well-formed, just before the handler.
    ...(definition.access === 'security' && definition.stepUp
      ? {
          preHandler: async (request: FastifyRequest) => {
            if (!context) throw new Error('a step-up route needs the server context');
            await useStepUpToken(context, sessionOf(request), request.headers[STEP_UP_HEADER]);
          },
        }
      : {}),
    handler: async (request, reply) => {
      const result = await handler({
        body: request.body as RouteBody<D>,
        params: request.params as RouteParams<D>,
        query: request.query as RouteQuery<D>,
        session: sessionOf(request) as RouteInput<D, S>['session'],
        request,
        reply,
      });
      // Bytes a hot route wrote itself (serialized-json.ts) go out as they are; anything else through the response schema.
      if (result instanceof SerializedJson) return reply.code(status).type('application/json; charset=utf-8').send(result.bytes);
      return reply.code(status).send(result);
    },
  });
}

/** What the route's class asks of the caller, for the OpenAPI document. */
function describeAccess(definition: RouteDefinition): string {
  const gate = 'a session that has passed the second factor where the account has 2FA on (else 403 second_factor_required)';
  if (definition.access === 'public') return 'Class public: no session.';
  if (definition.access === 'sign-in') return 'Class sign-in: a session, which may not have passed the second factor yet (this is how it does).';
  if (definition.access === 'security') {
    return `Class security (changes how the account is reached): ${gate}${definition.stepUp ? `, and a step-up token in the ${STEP_UP_HEADER} header, used up by this request (else 403 step_up_required)` : ''}.`;
  }
  return `Class ${definition.access}: a session${definition.secondFactor ? `; ${gate}` : ''}.`;
}

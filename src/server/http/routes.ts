/**
 * Registers a route from its shared definition (src/shared/server-api): the JSON schemas
 * for validation, serialisation and OpenAPI all come from the one zod definition, and
 * authenticated routes get the caller's session before the handler runs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorBodySchema, type RouteBody, type RouteDefinition, type RouteParams, type RouteQuery, type RouteResponse } from '../../shared/server-api/http';
import { apiRoutes } from '../../shared/server-api/routes';
import type { ServerContext } from '../context';
import { requireSecondFactor } from '../session/second-factor';
import { authenticate, type AuthenticatedSession } from '../session/sessions';

export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'throw' }) as Record<string, unknown>;
  return rest;
}

const errorJsonSchema = jsonSchema(errorBodySchema);
const sessions = new WeakMap<FastifyRequest, AuthenticatedSession>();

export interface RouteInput<D extends RouteDefinition> {
  body: RouteBody<D>;
  params: RouteParams<D>;
  query: RouteQuery<D>;
  session: D['auth'] extends true ? AuthenticatedSession : undefined;
  request: FastifyRequest;
  reply: FastifyReply;
}

export function addRoute<D extends RouteDefinition>(
  app: FastifyInstance,
  context: ServerContext | null,
  definition: D,
  handler: (input: RouteInput<D>) => Promise<RouteResponse<D>>,
): void {
  if (!apiRoutes.includes(definition)) throw new Error(`route ${definition.method} ${definition.path} is not in the shared route list`);
  if (definition.secondFactor && !definition.auth) throw new Error(`route ${definition.method} ${definition.path}: the 2FA gate needs an authenticated route`);
  const status = definition.status ?? 200;
  app.route({
    method: definition.method,
    url: definition.path,
    schema: {
      summary: definition.summary,
      tags: [definition.tag],
      ...(definition.auth ? { security: [{ bearer: [] }] } : {}),
      ...(definition.secondFactor ? { description: 'Needs a session that has passed the second factor where the account has 2FA on (else 403 second_factor_required).' } : {}),
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
    ...(definition.auth
      ? {
          onRequest: async (request: FastifyRequest) => {
            if (!context) throw new Error('an authenticated route needs the server context');
            const session = await authenticate(context, request.headers.authorization);
            // The 2FA gate, in this one place for every route that declares it.
            if (definition.secondFactor) requireSecondFactor(session);
            sessions.set(request, session);
          },
        }
      : {}),
    handler: async (request, reply) => {
      const result = await handler({
        body: request.body as RouteBody<D>,
        params: request.params as RouteParams<D>,
        query: request.query as RouteQuery<D>,
        session: sessions.get(request) as RouteInput<D>['session'],
        request,
        reply,
      });
      return reply.code(status).send(result);
    },
  });
}

/**
 * What every answer carries, and what every request without a body must be: each answer
 * (success, error or 404) says it may not be cached and is not to be sniffed, and a route
 * whose shared definition has no body refuses a request that brings one.
 *
 * Both hooks take Fastify's callback form, not `async`: they are on every request's path, and
 * the body check is added only to the routes that take no body (decided once, as each route is
 * added), so a route with a body does not run it at all.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, preParsingHookHandler } from 'fastify';
import { ApiError } from './errors';

/** Call before any route is added (the body check is attached to each route as it is added). */
export function registerHttpHygiene(app: FastifyInstance): void {
  app.addHook('onSend', (_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    done(null, payload);
  });
  // After the route's own onRequest (authentication), before a byte of the body is parsed.
  app.addHook('onRoute', (route) => {
    if (route.schema?.body === undefined) route.preParsing = [refuseBody, ...hooksOf(route.preParsing)];
  });
}

const refuseBody: preParsingHookHandler = (request, _reply, payload, done) => {
  if (bringsBody(request)) done(new ApiError(400, 'body_not_allowed', 'This route takes no request body'));
  else done(null, payload);
};

/** A route's own hooks of one kind, as a list (Fastify takes one function or an array). */
export function hooksOf<H>(hooks: H | H[] | undefined): H[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}

/** A body of any length (even `{}`), announced by its length or sent in chunks. */
function bringsBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) !== 0);
}

/**
 * What every answer carries, and what every request without a body must be: each answer
 * (success, error or 404) says it may not be cached and is not to be sniffed, and a route
 * whose shared definition has no body refuses a request that brings one.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors';

export function registerHttpHygiene(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
  // After the route's own onRequest (authentication), before a byte of the body is parsed.
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (!request.is404 && request.routeOptions.schema?.body === undefined && bringsBody(request)) {
      throw new ApiError(400, 'body_not_allowed', 'This route takes no request body');
    }
    return payload;
  });
}

/** A body of any length (even `{}`), announced by its length or sent in chunks. */
function bringsBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) !== 0);
}

/**
 * Stored values the route schemas cannot check alone. The shared route definitions already
 * hold every key, envelope and OPAQUE record a route stores to its exact length, encoding and
 * envelope header (src/shared/server-api/http.ts); here the OPAQUE library must also be able
 * to deserialise every registration record before a handler sees it, so a record nobody could
 * sign in with is a 400 that changes nothing.
 */
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import { opaqueRecordIsValid } from '../../shared/crypto/opaque-server';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { hooksOf } from '../http/headers';

/**
 * Every route whose body can hold `registrationRecord` stores it: sign-up, password change,
 * recovery code setup, both recoveries. The check is attached to those routes as they are added
 * (call this before any route), ahead of the route's own (a step-up token is used up only by a
 * well-formed request), found by the field's name anywhere in the body's schema, so a
 * route without one (a sync poll) does not run it.
 */
export function registerRecordChecks(app: FastifyInstance, { secrets }: ServerContext): void {
  const check: preHandlerHookHandler = (request, _reply, done) => {
    const body: unknown = request.body;
    const record = typeof body === 'object' && body !== null && 'registrationRecord' in body ? body.registrationRecord : undefined;
    if (typeof record === 'string' && !opaqueRecordIsValid(secrets.opaqueServerSetup, record)) {
      done(new ApiError(400, 'invalid_request', 'body.registrationRecord is not a valid OPAQUE registration record'));
    } else done();
  };
  app.addHook('onRoute', (route) => {
    if (JSON.stringify(route.schema?.body ?? null).includes('"registrationRecord"')) route.preHandler = [check, ...hooksOf(route.preHandler)];
  });
}

/**
 * Stored values the route schemas cannot check alone. The shared route definitions already
 * hold every key, envelope and OPAQUE record a route stores to its exact length, encoding and
 * envelope header (src/shared/server-api/http.ts); here the OPAQUE library must also be able
 * to deserialise every registration record before a handler sees it, so a record nobody could
 * sign in with is a 400 that changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { opaqueRecordIsValid } from '../../shared/crypto/opaque-server';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';

/** Every route whose body has `registrationRecord` stores it: sign-up, password change, recovery code setup, both recoveries. */
export function registerRecordChecks(app: FastifyInstance, { secrets }: ServerContext): void {
  app.addHook('preHandler', async (request) => {
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null || !('registrationRecord' in body)) return;
    const record = body.registrationRecord;
    if (typeof record === 'string' && !opaqueRecordIsValid(secrets.opaqueServerSetup, record)) {
      throw new ApiError(400, 'invalid_request', 'body.registrationRecord is not a valid OPAQUE registration record');
    }
  });
}

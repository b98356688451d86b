/**
 * Route schemas compiled on each route's first use, not when the server starts. Fastify's own
 * compilers (ajv for requests, fast-json-stringify for responses) turn every route's JSON
 * schemas into code at start: about 0.6 s of CPU for our routes, paid by every start of the
 * embedded server, so by every `latchkey unlock` and every command that writes (README, "Command
 * line"), for routes most of those runs never call. Here each schema is handed to the same
 * compiler, with the same options, the first time its route validates or answers; a schema that
 * does not compile fails that request (tests/unit/server/lazy-schemas.test.ts compiles them all).
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

/** A compiled check or serialiser; ajv's checks carry the last call's `errors`, which is all Fastify reads of them besides the call. */
type Compiled = ((data: never) => unknown) & { errors?: unknown };

/** `compile`, deferred to the first call of what it makes (then made once and kept). */
export function compiledOnFirstUse<Route, F extends Compiled>(compile: (route: Route) => F): (route: Route) => F {
  return (route) => {
    let compiled: F | undefined;
    const run = (data: never) => {
      compiled ??= compile(route);
      const result = compiled(data);
      run.errors = compiled.errors;
      return result;
    };
    run.errors = undefined as unknown;
    return run as unknown as F;
  };
}

const validators = AjvCompiler();
const serializers = SerializerSelector();

/** Fastify's `schemaController.compilersFactory`: its default compilers, each route's schemas compiled on first use. */
export const compilersOnFirstUse: NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']> = {
  buildValidator: (externalSchemas, options) => compiledOnFirstUse(validators(externalSchemas, options)),
  buildSerializer: (externalSchemas, options) => compiledOnFirstUse(serializers(externalSchemas, options)),
};

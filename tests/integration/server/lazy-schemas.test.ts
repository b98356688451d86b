/**
 * The server compiles each route's schemas on the route's first use (src/server/http/lazy-schemas.ts),
 * so a schema that does not compile would no longer stop the server at start: this compiles every
 * schema of every route in the shared list with Fastify's own compilers, as the first use does.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { describe, expect, it } from 'vitest';
import { compiledOnFirstUse } from '../../../src/server/http/lazy-schemas';
import { jsonSchema } from '../../../src/server/http/routes';
import { errorBodySchema } from '../../../src/shared/server-api/http';
import { apiRoutes } from '../../../src/shared/server-api/routes';

describe('route schemas compiled on first use', () => {
  it('compiles nothing until the first call, then once, and passes on the check’s errors', () => {
    const compiled: string[] = [];
    const check = Object.assign((data: { ok: boolean }) => data.ok, { errors: null as unknown });
    const compile = compiledOnFirstUse((route: { url: string }) => {
      compiled.push(route.url);
      return check;
    });
    const body = compile({ url: '/v1/a' });
    compile({ url: '/v1/b' });
    expect(compiled).toEqual([]);
    check.errors = [{ message: 'must be boolean' }];
    expect(body({ ok: false })).toBe(false);
    expect((body as typeof check).errors).toEqual([{ message: 'must be boolean' }]);
    check.errors = null;
    expect(body({ ok: true })).toBe(true);
    expect((body as typeof check).errors).toBeNull();
    expect(compiled).toEqual(['/v1/a']);
  });

  it('every schema of every route compiles with the server’s options', () => {
    const validators = AjvCompiler()({}, { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } });
    const serializers = SerializerSelector()({}, {});
    let count = 0;
    for (const route of apiRoutes) {
      const { method, path: url } = route;
      for (const [httpPart, schema] of [['params', route.params], ['querystring', route.query], ['body', route.body]] as const) {
        if (!schema) continue;
        expect(() => validators({ schema: jsonSchema(schema), method, url, httpPart }), `${method} ${url} ${httpPart}`).not.toThrow();
        count++;
      }
      const responses = { [route.status ?? 200]: route.response, ...route.errors, '4xx': errorBodySchema };
      for (const [httpStatus, schema] of Object.entries(responses)) {
        expect(() => serializers({ schema: jsonSchema(schema), method, url, httpStatus }), `${method} ${url} ${httpStatus}`).not.toThrow();
        count++;
      }
    }
    expect(count).toBeGreaterThan(apiRoutes.length * 2);
  });
});

/** Liveness, identity and the API description. */
import { z } from 'zod';
import { defineRoute } from './http';

export const healthRoutes = {
  health: defineRoute({
    method: 'GET',
    path: '/health',
    summary: 'Liveness: the server is up and its database answers',
    tag: 'server',
    access: 'public',
    response: z.strictObject({ status: z.literal('ok') }),
  }),
  version: defineRoute({
    method: 'GET',
    path: '/version',
    summary: 'Server identity, version, API version and database schema version',
    tag: 'server',
    access: 'public',
    response: z.strictObject({ name: z.string(), version: z.string(), apiVersion: z.int(), schema: z.string() }),
  }),
  openapi: defineRoute({
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API, described as OpenAPI 3',
    tag: 'server',
    access: 'public',
    response: z.looseObject({ openapi: z.string() }),
  }),
} as const;

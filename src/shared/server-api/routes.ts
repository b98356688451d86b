/** Every route of the sync API. The server refuses to register a route that is not here. */
import { accountRoutes } from './account';
import { healthRoutes } from './health';
import type { RouteDefinition } from './http';
import { sessionRoutes } from './session';

export const apiRoutes: readonly RouteDefinition[] = [
  ...Object.values(healthRoutes),
  ...Object.values(accountRoutes),
  ...Object.values(sessionRoutes),
];

/** The proxy's view of the wire: which route of the API contract a request is, and its body. */
import type { IncomingMessage } from 'node:http';
import type { RouteDefinition } from '../../../src/shared/server-api/http';
import { apiRoutes } from '../../../src/shared/server-api/routes';

/** Every route of the API as a pattern over paths: `/v1/vaults/:vaultId` → its params by name. */
const routePatterns = apiRoutes.map((route) => ({
  route,
  names: [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!),
  pattern: new RegExp(`^${route.path.replace(/:\w+/g, '([^/]+)')}$`),
}));

/** The route a request is (its method and path), with its path params by name; null for none of the API's. */
export function routeOf(method: string, path: string): { route: RouteDefinition; params: Record<string, string> } | null {
  for (const { route, names, pattern } of routePatterns) {
    const match = route.method === method ? pattern.exec(path) : null;
    if (match) return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)])) };
  }
  return null;
}

/** A body as JSON when it parses, else as text; undefined when empty. */
export const parseJson = (text: string): unknown => {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return text;
  }
};

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

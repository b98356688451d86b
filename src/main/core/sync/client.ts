/**
 * The main process's client for the sync API. Every call names a route from the shared API
 * contract (src/shared/server-api), so the request it sends and the answer it accepts are
 * checked against the same schemas the server validates with.
 */
import { errorBodySchema, STEP_UP_HEADER, type ErrorCode, type ErrorDetails, type RouteBody, type RouteDefinition, type RouteParams, type RouteQuery, type RouteResponse } from '../../../shared/server-api/http';
import { healthRoutes } from '../../../shared/server-api/health';
import { versionConflictSchema, type ItemView } from '../../../shared/server-api/vault';
import { SERVER_API_VERSION } from '../../../shared/server-api/version';

/** The server answered with an error, or could not be reached (code 'unreachable'). */
export class SyncApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'unreachable' | 'bad_response',
    message: string,
    readonly status = 0,
    /** The server's facts about the refusal (tries left, seconds to wait); empty when it sent none. */
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'SyncApiError';
  }
}

/** 409 on a versioned write: someone else changed the item first; `current` is the item as stored now (null: none). */
export class VersionConflictError extends SyncApiError {
  constructor(
    message: string,
    readonly current: ItemView | null,
  ) {
    super('version_conflict', message, 409);
    this.name = 'VersionConflictError';
  }
}

export interface CallOptions<D extends RouteDefinition> {
  body?: RouteBody<D>;
  params?: RouteParams<D>;
  query?: RouteQuery<D>;
  sessionToken?: string;
  /** For a `stepUp` route: the single-use token of a step-up (src/main/core/account/step-up.ts). */
  stepUpToken?: string;
  /** Extra request headers a route needs beyond the session (the local mailbox's secret). */
  headers?: Readonly<Record<string, string>>;
  /** Stops the call (a read whose answer is no longer wanted: the account locked); it then fails with the signal's reason. */
  signal?: AbortSignal;
}

export class SyncServerClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 15_000,
  ) {}

  async call<D extends RouteDefinition>(route: D, { body, params, query, sessionToken, stepUpToken, headers: extra, signal }: CallOptions<D> = {}): Promise<RouteResponse<D>> {
    const path = route.path.replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(String((params as Record<string, unknown> | undefined)?.[name] ?? '')));
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries((query ?? {}) as Record<string, string | undefined>)) if (value !== undefined) url.searchParams.set(name, value);
    const headers: Record<string, string> = { ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (sessionToken) headers.authorization = `Bearer ${sessionToken}`;
    if (stepUpToken) headers[STEP_UP_HEADER] = stepUpToken;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { method: route.method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch {
      signal?.throwIfAborted();
      throw new SyncApiError('unreachable', `The sync server at ${this.baseUrl} cannot be reached.`);
    }
    const payload: unknown = await response.json().catch(() => undefined);
    signal?.throwIfAborted();
    if (!response.ok) {
      // Only a route that declares the 409 conflict body gets the current item back.
      if (response.status === 409 && route.errors?.[409] === versionConflictSchema) {
        const conflict = versionConflictSchema.safeParse(payload);
        if (conflict.success) throw new VersionConflictError(conflict.data.error.message, conflict.data.current);
      }
      const error = errorBodySchema.safeParse(payload);
      if (error.success) throw new SyncApiError(error.data.error.code, error.data.error.message, response.status, error.data.error.details);
      throw new SyncApiError('bad_response', `The sync server answered ${response.status}.`, response.status);
    }
    const parsed = route.response.safeParse(payload);
    if (!parsed.success) throw new SyncApiError('bad_response', 'The sync server sent an answer Latchkey does not understand.', response.status);
    return parsed.data as RouteResponse<D>;
  }

  /** The server's version, or null when it cannot be reached or speaks another API version. */
  async identity(): Promise<{ version: string } | null> {
    try {
      const identity = await this.call(healthRoutes.version);
      return identity.name === 'latchkey-server' && identity.apiVersion === SERVER_API_VERSION ? identity : null;
    } catch {
      return null;
    }
  }
}

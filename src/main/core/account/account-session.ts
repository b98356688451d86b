/**
 * The one way to call the server as a signed-in account. Every such call reads the four
 * failures they all share here, once: the session ended (401, 'signed-out': sign in again),
 * the server cannot be reached ('offline'), too many attempts (429, 'rate-limited' with the
 * server's wait), and a session that has not passed the second factor yet
 * ('second-factor-required'). Any other refusal is the feature's to word: `call` makes it its
 * `refusals` table's typed error (or 'refused'); `attempt` leaves it a SyncApiError, for a
 * caller that acts on it (a version conflict, a stale counter to write again).
 */
import { IpcError, type IpcErrorCode } from '../../../shared/ipc/result';
import type { ErrorCode, RouteDefinition, RouteResponse } from '../../../shared/server-api/http';
import { SyncApiError, type CallOptions, type SyncServerClient } from '../sync/client';

export type SessionCallOptions<D extends RouteDefinition> = Pick<CallOptions<D>, 'body' | 'params' | 'query' | 'stepUpToken' | 'signal' | 'headers'>;

/** A feature's words for the server's other refusals, each with the IPC code the screen branches on. */
export type Refusals = Partial<Record<ErrorCode, readonly [IpcErrorCode, string]>>;

export class AccountSession {
  readonly #token: string;

  constructor(
    private readonly api: Pick<SyncServerClient, 'call'>,
    token: string,
  ) {
    this.#token = token;
  }

  /** Calls `route`; every failure comes back as a typed IpcError. */
  call<D extends RouteDefinition>(route: D, options: SessionCallOptions<D> = {}, refusals: Refusals = {}): Promise<RouteResponse<D>> {
    return this.attempt(route, options).catch(refused(refusals));
  }

  /** Calls `route`; the four shared failures come back typed, any other refusal as the server's SyncApiError. */
  async attempt<D extends RouteDefinition>(route: D, options: SessionCallOptions<D> = {}): Promise<RouteResponse<D>> {
    try {
      return await this.api.call(route, { ...options, sessionToken: this.#token });
    } catch (error) {
      throw sharedFailure(error) ?? error;
    }
  }
}

/** The server no longer knows this device's session: it was signed out (from another device, or it expired). */
export function signedOutError(): IpcError {
  return new IpcError('signed-out', 'This device was signed out of this account. Sign in again with your Secret Key and password.');
}

/** The sync server cannot be reached. */
/** A rate limit, with the wait the server named (in `retry-after` and the error's details), in minutes and as a field. */
export function tooManyAttempts(error: SyncApiError): IpcError {
  const seconds = error.details.retryAfterSeconds;
  if (seconds === undefined) return new IpcError('rate-limited', 'Too many attempts. Wait a few minutes, then try again.');
  const minutes = Math.ceil(seconds / 60);
  return new IpcError('rate-limited', `Too many attempts. Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`, { retryAfterSeconds: seconds });
}

/** The four failures every call as an account shares, as typed errors; null for any other. */
export function sharedFailure(error: unknown): IpcError | null {
  if (error instanceof IpcError) return error;
  if (!(error instanceof SyncApiError)) return null;
  switch (error.code) {
    case 'unauthorized':
      return signedOutError();
    case 'unreachable':
      // The sync client's own words, naming the server's address (never words from the server).
      return new IpcError('offline', error.message);
    case 'rate_limited':
      return tooManyAttempts(error);
    case 'second_factor_required':
      return new IpcError('second-factor-required', 'Verify your second factor on this device first: enter a code from your authenticator app, or use your security key.');
    default:
      return null;
  }
}

/**
 * Any failure of a call as an account, as a typed error: the shared four, the feature's table, else 'refused' in this
 * app's words with the server's error code (one of the contract's closed set). Never the server's own message: the server
 * is an adversary, and a window must not show text it chose (a hostile server's "call this number" in the app's voice).
 */
export function refusalOf(error: unknown, refusals: Refusals = {}): unknown {
  const shared = sharedFailure(error);
  if (shared) return shared;
  if (!(error instanceof SyncApiError)) return error;
  const known = error.code === 'bad_response' || error.code === 'unreachable' ? undefined : refusals[error.code];
  if (known) return new IpcError(known[0], known[1], fieldsOf(error));
  return new IpcError('refused', `The sync server refused this (${error.code}${error.status > 0 ? `, HTTP ${error.status}` : ''}).`);
}

/** Rethrows any failure of a call as an account as a typed error (for a `.catch`). */
export function refused(refusals: Refusals = {}): (error: unknown) => never {
  return (error) => {
    throw refusalOf(error, refusals);
  };
}

function fieldsOf(error: SyncApiError) {
  const { attemptsLeft, retryAfterSeconds } = error.details;
  return { ...(attemptsLeft !== undefined && { attemptsLeft }), ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) };
}

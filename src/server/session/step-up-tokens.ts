/**
 * Step-up tokens: what a `stepUp` route (src/shared/server-api/http.ts) asks for besides the
 * session. POST /v1/account/step-up/finish makes one (src/server/account/step-up-routes.ts);
 * `addRoute` uses it up here, just before the handler runs. The database keeps only its SHA-256.
 */
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { tokenHash } from '../security/tokens';

const stepUpRequired = () =>
  new ApiError(403, 'step_up_required', 'Confirm it is you first: enter your account password (and your second factor, where the account has one) again');

/** Uses up the step-up token in `header`: made for this session, unused and unexpired; else 403 `step_up_required`. */
export async function useStepUpToken({ db, now }: ServerContext, session: { sessionId: string }, header: string | string[] | undefined): Promise<void> {
  if (typeof header !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(header)) throw stepUpRequired();
  const used = await db
    .deleteFrom('step_ups')
    .where('token_hash', '=', tokenHash(header))
    .where('session_id', '=', session.sessionId)
    .where('expires_at', '>', now())
    .executeTakeFirst();
  if (Number(used.numDeletedRows) !== 1) throw stepUpRequired();
}

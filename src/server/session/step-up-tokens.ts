/**
 * Step-up tokens: what a `stepUp` route (src/shared/server-api/http.ts) asks for besides the
 * session. POST /v1/account/step-up/finish makes one (src/server/account/step-up-routes.ts);
 * `addRoute` uses it up here, just before the handler runs. The database keeps only its SHA-256.
 */
import type { Insertable, Kysely } from 'kysely';
import type { ServerContext } from '../context';
import type { DatabaseSchema } from '../database/schema';
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

type Db = Kysely<DatabaseSchema>;
type StepUp = Insertable<DatabaseSchema['step_ups']>;

/** Records a step-up started (its OPAQUE state): one under way per session, so starting again replaces it; a finished token stays. */
export async function insertStartedStepUp(trx: Db, stepUp: StepUp, at: number): Promise<void> {
  await trx.deleteFrom('step_ups').where('expires_at', '<=', at).execute();
  await trx.deleteFrom('step_ups').where('session_id', '=', stepUp.session_id).where('token_hash', 'is', null).execute();
  await trx.insertInto('step_ups').values(stepUp).execute();
}

/** Uses up a started step-up of this session, returning its OPAQUE state; whatever the answer says, it is gone. */
export const takeStartedStepUp = (db: Db, idHash: string, sessionId: string) =>
  db.deleteFrom('step_ups').where('id_hash', '=', idHash).where('session_id', '=', sessionId).where('token_hash', 'is', null).returning(['server_login_state', 'expires_at']).executeTakeFirst();

/** Records a step-up token made (its hash), for `useStepUpToken`. */
export async function insertStepUpToken(trx: Db, stepUp: StepUp): Promise<void> {
  await trx.insertInto('step_ups').values(stepUp).execute();
}

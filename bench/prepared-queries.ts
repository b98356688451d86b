/**
 * The prepared-query check (src/server/database/prepared.ts, issue 23): one sync poll's query
 * (the session, its membership of the vault and the vault's latest change, vault/sync-poll.ts),
 * compiled once against built and compiled by Kysely on every call, on the benchmark's own
 * database in the same run. Rounds alternate the two; each round's ratio is the
 * query builder's time per call over the prepared query's.
 */
import { openDatabase, type DatabaseConfig } from '../src/server/database/connection';
import { prepareQuery } from '../src/server/database/prepared';
import { pollQuery } from '../src/server/vault/sync-poll';

const CALLS = 1000;

export async function preparedQueryRatios(database: DatabaseConfig, rounds: number): Promise<{ builderUs: number[]; preparedUs: number[] }> {
  const db = openDatabase(database);
  try {
    const member = await db
      .selectFrom('vault_members')
      .innerJoin('sessions', 'sessions.account_id', 'vault_members.account_id')
      .select(['sessions.token_hash', 'vault_members.vault_id'])
      .executeTakeFirstOrThrow();
    const build = pollQuery(db);
    const prepared = prepareQuery(db, build);
    const time = async (call: () => Promise<unknown>) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < CALLS; i++) await call();
      return Number(process.hrtime.bigint() - start) / CALLS / 1000;
    };
    const builderUs: number[] = [];
    const preparedUs: number[] = [];
    await time(() => prepared(member.token_hash, member.vault_id));
    await time(() => build(member.token_hash, member.vault_id).execute());
    for (let round = 0; round < rounds; round++) {
      builderUs.push(await time(() => build(member.token_hash, member.vault_id).execute()));
      preparedUs.push(await time(() => prepared(member.token_hash, member.vault_id)));
    }
    return { builderUs, preparedUs };
  } finally {
    await db.destroy();
  }
}

/**
 * Hot-path queries compiled once per database instead of on every request. Kysely builds and
 * compiles a query tree each time it runs one (about 70 µs, more than SQLite takes to answer);
 * here the query is built once, with sentinel arguments, by this database's own dialect, and
 * each call only supplies new parameter values. Same query builder, same code for both engines.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DatabaseSchema } from './schema';

export type PreparedQuery<Args extends readonly unknown[], Row> = (...args: Args) => Promise<Row[]>;

/**
 * `sentinels` are placeholder arguments, distinct from each other and from every constant in
 * the query, so that each compiled parameter can be traced back to the argument it came from.
 */
export function prepareQuery<Args extends readonly unknown[], Row>(
  db: Kysely<DatabaseSchema>,
  sentinels: NoInfer<Args>,
  build: (...args: Args) => Compilable<Row>,
): PreparedQuery<Args, Row> {
  if (new Set(sentinels).size !== sentinels.length) throw new Error('prepared query: sentinels must be distinct');
  const compiled = build(...sentinels).compile();
  const sources = compiled.parameters.map((value) => ({ index: sentinels.indexOf(value as Args[number]), value }));
  for (let i = 0; i < sentinels.length; i++) {
    if (!sources.some((source) => source.index === i)) throw new Error(`prepared query: argument ${i} is not a parameter of the query`);
  }
  return async (...args: Args) => {
    const parameters = sources.map((source) => (source.index >= 0 ? args[source.index] : source.value));
    const result = await db.executeQuery(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows as Row[];
  };
}

/** One set of prepared queries per database, made on first use. */
export function preparedPerDatabase<T>(make: (db: Kysely<DatabaseSchema>) => T): (db: Kysely<DatabaseSchema>) => T {
  const cache = new WeakMap<Kysely<DatabaseSchema>, T>();
  return (db) => {
    let queries = cache.get(db);
    if (!queries) cache.set(db, (queries = make(db)));
    return queries;
  };
}

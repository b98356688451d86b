/**
 * Hot-path queries compiled once per database instead of on every request. Kysely builds and
 * compiles a query tree each time it runs one (a median 199 µs a query against 45 µs compiled,
 * on SQLite here; see README, "Server throughput"); here the query is built once by this
 * database's own dialect, and each call only supplies its parameter values. Same query builder,
 * same code for both engines. Each call goes to the driver itself (`driverStatement`,
 * connection.ts): one libsql statement prepared once, or on PostgreSQL a named statement each
 * connection parses and plans once.
 *
 * Why it cannot bind a value to the wrong place: the query is built with placeholder objects made
 * here, one per argument, and each compiled parameter is matched to its argument by identity. No
 * constant of the query can be one of those objects, so a constant is never replaced, whatever
 * its value. A build that does anything with an argument but pass it to the query builder (turns
 * it into text, or leaves it out) leaves its placeholder out of the parameters, and is refused
 * when prepared.
 */
import { AliasNode, ColumnNode, IdentifierNode, ReferenceNode, SelectQueryNode, type Compilable, type Kysely, type RootOperationNode } from 'kysely';
import { driverStatement } from './connection';
import type { DatabaseSchema } from './schema';

export type PreparedQuery<Args extends readonly unknown[], Row> = (...args: Args) => Promise<Row[]>;
/** For a query that answers at most one row by construction (a lookup by a unique key): that row, or undefined. */
export type PreparedRow<Args extends readonly unknown[], Row> = (...args: Args) => Promise<Row | undefined>;

type Binding = { argument: number } | { constant: unknown };

/** `build` takes the query's arguments as declared parameters (its `length` is the arity). */
export function prepareQuery<Args extends readonly unknown[], Row>(db: Kysely<DatabaseSchema>, build: (...args: Args) => Compilable<Row>): PreparedQuery<Args, Row> {
  const { statement, values } = compileOnce(db, build);
  return (...args: Args) => statement.all(values(args)) as Promise<Row[]>;
}

/** The same for a query of at most one row: on SQLite one step of the statement, no row list (connection.ts). */
export function prepareRow<Args extends readonly unknown[], Row>(db: Kysely<DatabaseSchema>, build: (...args: Args) => Compilable<Row>): PreparedRow<Args, Row> {
  const { statement, values } = compileOnce(db, build);
  return (...args: Args) => statement.first(values(args)) as Promise<Row | undefined>;
}

/**
 * The same for many rows, each as the list of its columns in the order `build` selects them (a
 * page of 100 items: a row object with named properties cost about a third of libsql's time).
 * `columns` is that order, as the caller's code reads it; a build that selects other columns, or
 * the same in another order, is refused when prepared.
 */
export function prepareTuples<Args extends readonly unknown[], Columns extends readonly string[]>(
  db: Kysely<DatabaseSchema>,
  columns: Columns,
  build: (...args: Args) => Compilable<Record<Columns[number], unknown>>,
): (...args: Args) => Promise<unknown[][]> {
  const { statement, values, compiled } = compileOnce(db, build);
  const selected = selectedNames(compiled.query);
  if (selected.join() !== columns.join()) throw new Error(`prepared query: selects ${selected.join(', ')}, not ${columns.join(', ')}`);
  return (...args: Args) => statement.tuples(values(args));
}

function compileOnce<Args extends readonly unknown[], Row>(db: Kysely<DatabaseSchema>, build: (...args: Args) => Compilable<Row>) {
  const placeholders: readonly object[] = Array.from({ length: build.length }, (_, argument) => Object.freeze({ argument }));
  const compiled = build(...(placeholders as unknown as Args)).compile();
  const bindings: Binding[] = compiled.parameters.map((value) => {
    const argument = placeholders.indexOf(value as object);
    return argument >= 0 ? { argument } : { constant: value };
  });
  placeholders.forEach((_, argument) => {
    if (!bindings.some((binding) => 'argument' in binding && binding.argument === argument)) throw new Error(`prepared query: argument ${argument} is not a parameter of the query`);
  });
  return { compiled, statement: driverStatement(db, compiled.sql), values: (args: Args) => bindings.map((binding) => ('argument' in binding ? args[binding.argument] : binding.constant)) };
}

/** The names a compiled SELECT gives its columns (a column as it is, or its alias); null for any other selection (an expression without an alias). */
function selectedNames(query: RootOperationNode): (string | null)[] {
  if (!SelectQueryNode.is(query)) return [];
  return (query.selections ?? []).map(({ selection }) => {
    if (AliasNode.is(selection)) return IdentifierNode.is(selection.alias) ? selection.alias.name : null;
    return ReferenceNode.is(selection) && ColumnNode.is(selection.column) ? selection.column.column.name : null;
  });
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

/**
 * Counts the SQL statements this process runs against its databases, at the drivers (pg's
 * `Client.query`, libsql's `Statement` methods), so a test or a benchmark can tell how many
 * database round trips a request to a server in this process costs. The methods are patched on
 * the drivers' prototypes, so connections opened before counting began are counted too.
 */
import Database from 'libsql';
import pg from 'pg';

export interface StatementCount {
  /** Statements run since counting began. */
  readonly count: number;
  /** Puts the drivers back as they were. */
  stop(): void;
}

type Method = (...args: unknown[]) => unknown;

export function countStatements(): StatementCount {
  const probe = new Database(':memory:');
  const sqliteStatement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, Method>;
  probe.close();
  const patched: [Record<string, Method>, string, Method][] = [
    // (libsql's `all` runs its statement through `iterate`.)
    ...(['run', 'get', 'iterate'] as const).map((name) => [sqliteStatement, name, sqliteStatement[name]!] as [Record<string, Method>, string, Method]),
    [pg.Client.prototype as unknown as Record<string, Method>, 'query', pg.Client.prototype.query as Method],
  ];
  const counter = {
    count: 0,
    stop: () => {
      for (const [target, name, original] of patched) target[name] = original;
    },
  };
  for (const [target, name, original] of patched) {
    target[name] = function (this: unknown, ...args: unknown[]) {
      counter.count++;
      return original.apply(this, args);
    };
  }
  return counter;
}

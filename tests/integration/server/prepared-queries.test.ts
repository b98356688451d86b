/** Queries compiled once (src/server/database/prepared.ts) answer as the query builder does, on both engines. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/database/connection';
import { migrateToLatest } from '../../../src/server/database/migrations';
import { prepareQuery, prepareRow, prepareTuples } from '../../../src/server/database/prepared';
import { testDatabases } from './databases';

describe.each(testDatabases)('prepared queries ($name)', (database) => {
  it('bind each call’s arguments where they go, and leave constants alone even when they equal an argument', async () => {
    const db = openDatabase(await database.create());
    try {
      await migrateToLatest(db);
      await db.insertInto('counters').values([{ name: 'a', value: 0 }, { name: 'b', value: 1 }, { name: 'c', value: 2 }, { name: 'd', value: 3 }]).execute();
      // Constants 0 and 'change_seq' sit among the parameters, next to arguments that take the same values.
      const build = (above: number, name: string, limit: number) =>
        db
          .selectFrom('counters')
          .select(['name', 'value'])
          .where('name', '!=', 'change_seq')
          .where((eb) => eb.or([eb('value', '>', above), eb('name', '=', name)]))
          .where('value', '!=', 0)
          .orderBy('name')
          .limit(limit);
      const prepared = prepareQuery(db, build);
      const calls: [number, string, number][] = [[0, 'a', 10], [1, 'b', 10], [0, 'change_seq', 2], [2, 'a', 1], [3, 'zzz', 0]];
      for (const args of calls) {
        const expected = await build(...args).execute();
        expect(await prepared(...args)).toEqual(expected);
      }
      expect((await prepared(1, 'b', 10)).map((row) => [row.name, Number(row.value)])).toEqual([['b', 1], ['c', 2], ['d', 3]]);
    } finally {
      await db.destroy();
    }
  });

  it('answer rows as lists of their columns in the order declared, and refuse a build that selects another order', async () => {
    const db = openDatabase(await database.create());
    try {
      await migrateToLatest(db);
      await db.insertInto('counters').values([{ name: 'a', value: 5 }, { name: 'b', value: 6 }]).execute();
      const columns = ['value', 'name'] as const;
      const tuples = prepareTuples(db, columns, (above: number) => db.selectFrom('counters').select(columns).where('value', '>', above).orderBy('name'));
      expect((await tuples(0)).map(([value, name]) => [Number(value), name])).toEqual([[5, 'a'], [6, 'b']]);
      expect(await tuples(6)).toEqual([]);
      expect(() => prepareTuples(db, columns, (above: number) => db.selectFrom('counters').select(['name', 'value']).where('value', '>', above))).toThrow(/selects name, value, not value, name/);
      expect(() => prepareTuples(db, ['name'] as const, (above: number) => db.selectFrom('counters').select((eb) => ['name', eb.fn.count('value').as('count')]).where('value', '>', above))).toThrow(/selects name, count, not name/);
    } finally {
      await db.destroy();
    }
  });

  it('answer one row with the names the query builder gives it (aliases, nulls), or undefined', async () => {
    const db = openDatabase(await database.create());
    try {
      await migrateToLatest(db);
      await db.insertInto('counters').values([{ name: 'a', value: 5 }, { name: 'b', value: 6 }]).execute();
      const build = (name: string) =>
        db
          .selectFrom('counters as mine')
          .leftJoin('counters as other', (join) => join.onRef('other.value', '>', 'mine.value'))
          .select(['mine.name', 'mine.value', 'other.name as next', 'other.value as nextValue'])
          .where('mine.name', '=', name);
      const row = prepareRow(db, build);
      for (const name of ['a', 'b', 'none']) expect(await row(name)).toEqual(await build(name).executeTakeFirst());
      expect(await row('b')).toEqual({ name: 'b', value: expect.anything(), next: null, nextValue: null });
      expect(Object.keys((await row('a'))!)).toEqual(['name', 'value', 'next', 'nextValue']);
    } finally {
      await db.destroy();
    }
  });

  it('refuses, when prepared, a build that does not pass every argument to the query as a parameter', async () => {
    const db = openDatabase(await database.create());
    try {
      expect(() => prepareQuery(db, (name: string) => db.selectFrom('counters').select('value').where('name', '=', `${name}`))).toThrow(/argument 0 is not a parameter/);
      expect(() => prepareQuery(db, (_unused: string, name: string) => db.selectFrom('counters').select('value').where('name', '=', name))).toThrow(/argument 0 is not a parameter/);
      expect(() => prepareQuery(db, (name: string) => db.selectFrom('counters').select('value').where(sql.raw(`name = '${name}'`) as never))).toThrow(/argument 0 is not a parameter/);
    } finally {
      await db.destroy();
    }
  });
});

const sqlite = testDatabases.find((database) => database.name === 'sqlite')!;

describe('prepared queries on SQLite', () => {
  const countersQuery = (db: ReturnType<typeof openDatabase>) => prepareQuery(db, (name: string) => db.selectFrom('counters').select('value').where('name', '=', name));

  it('run on the driver itself: they answer while another caller holds Kysely’s connection outside a transaction', async () => {
    const db = openDatabase(await sqlite.create());
    try {
      await migrateToLatest(db);
      await db.insertInto('counters').values({ name: 'a', value: 7 }).execute();
      const prepared = countersQuery(db);
      // Through Kysely's executor the query would wait for this connection, and never answer before it is let go.
      const answered = await db.connection().execute(async () => prepared('a'));
      expect(answered.map((row) => Number(row.value))).toEqual([7]);
    } finally {
      await db.destroy();
    }
  });

  it('never read inside another caller’s open transaction: they wait for it, and see only what it committed', async () => {
    const db = openDatabase(await sqlite.create());
    try {
      await migrateToLatest(db);
      await db.insertInto('counters').values({ name: 'kept', value: 1 }).execute();
      const prepared = countersQuery(db);
      const row = prepareRow(db, (name: string) => db.selectFrom('counters').select('value').where('name', '=', name));
      const tuples = prepareTuples(db, ['name', 'value'] as const, (name: string) => db.selectFrom('counters').select(['name', 'value']).where('name', '=', name));
      let during: Promise<unknown>[] = [];
      const transaction = db.transaction().execute(async (trx) => {
        await trx.insertInto('counters').values({ name: 'undone', value: 2 }).execute();
        await trx.deleteFrom('counters').where('name', '=', 'kept').execute();
        during = [prepared('undone'), prepared('kept'), row('undone'), row('kept'), tuples('undone'), tuples('kept')];
        throw new Error('roll back');
      });
      await expect(transaction).rejects.toThrow('roll back');
      const [undone, kept, undoneRow, keptRow, undoneTuples, keptTuples] = await Promise.all(during);
      expect(undoneTuples).toEqual([]);
      expect((keptTuples as [string, number][]).map(([name, value]) => [name, Number(value)])).toEqual([['kept', 1]]);
      expect(undone).toEqual([]);
      expect((kept as { value: number }[]).map((found) => Number(found.value))).toEqual([1]);
      expect(undoneRow).toBeUndefined();
      expect(Number((keptRow as { value: number }).value)).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});

const postgres = testDatabases.find((database) => database.name === 'postgres')!;

describe('prepared queries on PostgreSQL', () => {
  it('go to each connection as named statements, parsed once; other queries stay unnamed', async () => {
    const db = openDatabase(await postgres.create());
    try {
      await migrateToLatest(db);
      const prepared = prepareQuery(db, (name: string) => db.selectFrom('counters').select('value').where('name', '=', name));
      const unnamed = db.selectFrom('counters').select('name').where('value', '>', 41);
      for (let i = 0; i < 3; i++) {
        await prepared('change_seq');
        await unnamed.execute();
      }
      // One caller in turn: the pool hands out its one connection each time, so this sees what that connection prepared.
      const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(db);
      const compiled = (text: string) => rows.filter((row) => row.statement === text);
      expect(compiled(db.selectFrom('counters').select('value').where('name', '=', 'x').compile().sql)).toEqual([{ name: expect.stringMatching(/^latchkey_\d+$/), statement: expect.any(String) }]);
      expect(compiled(unnamed.compile().sql)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

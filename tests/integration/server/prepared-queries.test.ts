/** Queries compiled once (src/server/database/prepared.ts) answer as the query builder does, on both engines. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/database/connection';
import { migrateToLatest } from '../../../src/server/database/migrations';
import { prepareQuery } from '../../../src/server/database/prepared';
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

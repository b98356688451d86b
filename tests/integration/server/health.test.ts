import { describe, expect, it } from 'vitest';
import { startServer } from '../../../src/server/index';
import { latestMigration } from '../../../src/server/database/migrations';
import { appVersion } from '../../../src/shared/version';
import { SERVER_API_VERSION } from '../../../src/shared/server-api/version';
import { testDatabases } from './databases';

describe.each(testDatabases)('sync server on $name', (database) => {
  it('serves health and version from a migrated database', async () => {
    const server = await startServer({ database: await database.create(), logLevel: 'silent' });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const version = await fetch(`${server.url}/version`);
      expect(await version.json()).toEqual({ name: 'latchkey-server', version: appVersion, apiVersion: SERVER_API_VERSION, schema: latestMigration });
    } finally {
      await server.close();
    }
  });

  it('reopens an existing database without migrating it again', async () => {
    const config = await database.create();
    const first = await startServer({ database: config, logLevel: 'silent' });
    await first.close();
    const second = await startServer({ database: config, logLevel: 'silent' });
    try {
      const version = (await (await fetch(`${second.url}/version`)).json()) as { schema: string };
      expect(version.schema).toBe(latestMigration);
    } finally {
      await second.close();
    }
  });

  it('answers an unknown route with 404', async () => {
    const server = await startServer({ database: await database.create(), logLevel: 'silent' });
    try {
      expect((await fetch(`${server.url}/no-such-route`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

it('refuses to start on a database it cannot open, and says why', async () => {
  await expect(startServer({ database: { kind: 'sqlite', file: '/proc/no-such-dir/server.sqlite' }, logLevel: 'silent' })).rejects.toThrow(/directory does not exist|unable to open/i);
});

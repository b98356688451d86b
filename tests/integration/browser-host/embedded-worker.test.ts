/**
 * The embedded sync server as the browser host runs it: the real entry (src/server/embedded-entry.ts,
 * from source) in a Node worker thread on a real SQLite file. It answers HTTP from the worker, the
 * local mailbox opens only with the secret that came back as a message, closing ends the worker and
 * releases the database, and a server that cannot start is a typed error with what to do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startEmbeddedWorker } from '../../../src/main/browser/embedded-worker';
import { EmbeddedServerError } from '../../../src/main/core/app/embedded-child';
import { workerFromSource } from '../../support/worker-url';
import { LOCAL_MAILBOX_SECRET_HEADER, recoveryRoutes } from '../../../src/shared/server-api/recovery';

const entry = workerFromSource('embedded-server');
const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-embedded-worker-'));
const sqliteFile = join(dataDir, 'server.sqlite');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded server in a worker thread', () => {
  it('serves from the worker, hands the mailbox secret back as a message, and closes cleanly', async () => {
    const onCrash = vi.fn();
    const server = await startEmbeddedWorker(entry, sqliteFile, { onCrash });
    const secret = server.localMailbox?.secret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const mailbox = `${server.url}${recoveryRoutes.localMailbox.path}`;
    expect((await fetch(mailbox)).status).toBe(404);
    expect((await fetch(mailbox, { headers: { [LOCAL_MAILBOX_SECRET_HEADER]: secret! } })).status).toBe(200);
    await server.close();
    await expect(fetch(mailbox)).rejects.toThrow();
    expect(onCrash).not.toHaveBeenCalled();
    // The database was released: the same file starts again.
    const again = await startEmbeddedWorker(entry, sqliteFile, { onCrash });
    expect((await fetch(`${again.url}${recoveryRoutes.localMailbox.path}`, { headers: { [LOCAL_MAILBOX_SECRET_HEADER]: again.localMailbox!.secret } })).status).toBe(200);
    await again.close();
  }, 120_000);

  it('a server that cannot open its database rejects the start with a typed error and what to do', async () => {
    const error = await startEmbeddedWorker(entry, join(dataDir, 'missing-folder', 'server.sqlite'), { onCrash: vi.fn() }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(EmbeddedServerError);
    expect((error as EmbeddedServerError).code).toBe('embedded-server-failed');
    expect((error as Error).message).toMatch(/missing-folder.*What to do:/);
  }, 120_000);
});

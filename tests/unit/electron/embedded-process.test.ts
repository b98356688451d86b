/**
 * The Electron host's embedded-server launcher against a stand-in utilityProcess that records
 * every call (the test plays the child): the entry is forked with no arguments, the start waits
 * for the child to be up, the URL and mailbox secret come back only as messages, a start
 * failure, a crash or a message off the protocol is a typed error, and closing ends the child.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmbeddedProcess } from '../../../src/main/electron/embedded-process';
import { EmbeddedServerError } from '../../../src/main/core/app/embedded-child';
import { UtilityChild, utilityProcess } from './electron-stand-in';

const entry = '/app/dist/server/embedded.js';
const sqliteFile = '/home/a/.config/Latchkey/server.sqlite';
const secret = 'mailbox-secret-0123456789abcdefghijklmnopqrs';

function launch(onCrash = vi.fn()) {
  const started = startEmbeddedProcess(utilityProcess, entry, sqliteFile, { onCrash });
  const child = UtilityChild.made.at(-1)!;
  return { started, child, onCrash };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

async function startedServer(onCrash = vi.fn()) {
  const launched = launch(onCrash);
  launched.child.spawn();
  await flush();
  launched.child.reply({ type: 'started', url: 'http://127.0.0.1:40123', localMailbox: { secret } });
  return { ...launched, server: await launched.started };
}

afterEach(() => {
  UtilityChild.made.length = 0;
});

describe('the Electron embedded-server launcher', () => {
  it('forks the entry with no arguments, sends start once the child is up, and returns what it answers', async () => {
    const launched = launch();
    expect(launched.child.modulePath).toBe(entry);
    expect(launched.child.args).toEqual([]);
    expect(JSON.stringify(launched.child.options)).not.toContain(sqliteFile);
    expect(launched.child.sent).toEqual([]);
    launched.child.spawn();
    await flush();
    expect(launched.child.sent).toEqual([{ type: 'start', sqliteFile }]);
    launched.child.reply({ type: 'started', url: 'http://127.0.0.1:40123', localMailbox: { secret } });
    const server = await launched.started;
    expect(server.url).toBe('http://127.0.0.1:40123');
    expect(server.localMailbox).toEqual({ secret });
  });

  it('closes by asking the child, then ends it', async () => {
    const { child, server, onCrash } = await startedServer();
    const closed = server.close();
    await flush();
    expect(child.sent.at(-1)).toEqual({ type: 'close' });
    expect(child.killed).toBe(false);
    child.reply({ type: 'closed' });
    await closed;
    expect(child.killed).toBe(true);
    expect(onCrash).not.toHaveBeenCalled();
  });

  it("a start failure rejects with the server's reason and what to do, and ends the child", async () => {
    const launched = launch();
    launched.child.spawn();
    await flush();
    launched.child.reply({ type: 'failed', code: 'start-failed', detail: 'unable to open the database file' });
    const error = await launched.started.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(EmbeddedServerError);
    expect((error as EmbeddedServerError).code).toBe('embedded-server-failed');
    expect((error as Error).message).toMatch(/unable to open the database file.*What to do:/);
    expect(launched.child.killed).toBe(true);
  });

  it('a child that ends before it answers (it never came up, or crashed) rejects the start', async () => {
    const launched = launch();
    launched.child.exit(134);
    const error = await launched.started.catch((thrown: unknown) => thrown);
    expect((error as EmbeddedServerError).code).toBe('embedded-server-crashed');
    expect((error as Error).message).toContain('exit code 134');
  });

  it('a crash after the start is reported once to onCrash', async () => {
    const { child, onCrash } = await startedServer();
    child.exit(9);
    await flush();
    expect(onCrash).toHaveBeenCalledTimes(1);
    expect((onCrash.mock.calls[0]![0] as EmbeddedServerError).code).toBe('embedded-server-crashed');
  });

  it('a message off the protocol ends the child with a typed error', async () => {
    const launched = launch();
    launched.child.spawn();
    await flush();
    launched.child.reply({ type: 'started', url: 'not a url', localMailbox: null });
    const error = await launched.started.catch((thrown: unknown) => thrown);
    expect((error as EmbeddedServerError).code).toBe('embedded-server-protocol');
    expect(launched.child.killed).toBe(true);
  });
});

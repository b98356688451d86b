/**
 * The local mailbox through the real main core, as the renderer calls it: the host starts its
 * embedded server, which reports the mailbox (and its secret) when mail goes there; the app
 * shows a mailbox because the running server says so, and reads it with that secret, which
 * never reaches the renderer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../../../src/server/index';
import { startMainCore, type MainCore } from '../../../src/main/core/app/start';
import type { HostPorts } from '../../../src/main/core/platform/ports';
import { appOrigins } from '../../../src/shared/app-shell';
import type { ChannelName, RequestOf } from '../../../src/shared/ipc/contract';
import { startSmtp, type TestSmtp } from '../server/harness';

const unused = () => Promise.reject(new Error('not used here'));
const ports: HostPorts = { saveDialog: { chooseSavePath: unused }, openDialog: { chooseOpenPath: unused }, printer: { preview: unused, print: unused }, clipboard: { writeSecret: unused, readText: unused, clear: unused } };
const sender = { frameUrl: `${appOrigins.browser}/index.html` };

let smtp: TestSmtp;
let previousSmtpUrl: string | undefined;
const folders: string[] = [];
const cores: MainCore[] = [];
beforeAll(async () => {
  smtp = await startSmtp();
  previousSmtpUrl = process.env.LATCHKEY_SMTP_URL;
  delete process.env.LATCHKEY_SMTP_URL;
});
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});
afterAll(async () => {
  if (previousSmtpUrl !== undefined) process.env.LATCHKEY_SMTP_URL = previousSmtpUrl;
  await smtp.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** The main core with an embedded server started as the hosts start it, plus `extra` server options. */
async function app(extra: Partial<ServerOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-mailbox-app-'));
  folders.push(dataDir);
  let embedded: RunningServer | undefined;
  const core = await startMainCore({
    host: 'browser',
    dataDir,
    startEmbeddedServer: async (file) => (embedded = await startServer({ database: { kind: 'sqlite', file }, embedded: true, logLevel: 'silent', ...extra })),
    allowedOrigins: [appOrigins.browser],
    ports,
  });
  cores.push(core);
  const ipc = <C extends ChannelName>(channel: C, request: RequestOf<C>) => core.router(sender, channel, request);
  return { ipc, server: embedded as RunningServer };
}

describe('local mailbox in the app', () => {
  it('lists the embedded server’s mail with the secret the server handed the host, which the renderer never sees', async () => {
    const { ipc, server } = await app();
    const secret = server.localMailbox?.secret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const info = await ipc('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { server: { mode: 'embedded', localMailbox: true } } });
    expect(JSON.stringify(info)).not.toContain(secret);

    const started = await ipc('signup.start', { email: 'app-mailbox@example.com', name: 'App' });
    expect(started).toMatchObject({ ok: true, value: { localMailbox: true } });
    const listed = await ipc('localMailbox.list', {});
    expect(listed).toMatchObject({ ok: true, value: { messages: [{ to: 'app-mailbox@example.com', subject: 'Your Latchkey verification code' }] } });
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('has no mailbox when the running server sends real email, whatever the environment says', async () => {
    // LATCHKEY_SMTP_URL is unset: the old rule (embedded and no SMTP variable) would show a mailbox here.
    const { ipc, server } = await app({ mail: { smtpUrl: smtp.url } });
    expect(server.localMailbox).toBeNull();
    expect(await ipc('app.info', {})).toMatchObject({ ok: true, value: { server: { mode: 'embedded', localMailbox: false } } });
    expect(await ipc('signup.start', { email: 'app-smtp@example.com', name: 'App' })).toMatchObject({ ok: true, value: { localMailbox: false } });
    expect(smtp.messages.filter((message) => message.to.includes('app-smtp@example.com'))).toHaveLength(1);
    expect(await ipc('localMailbox.list', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

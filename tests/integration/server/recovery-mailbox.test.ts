import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../src/server/index';
import { parseEml } from '../../../src/server/mail/mailbox';
import { isLoopback } from '../../../src/server/recovery/mailbox-routes';
import { testDatabases } from './databases';
import type { RouteResponse } from '../../../src/shared/server-api/http';
import { LOCAL_MAILBOX_SECRET_HEADER, type recoveryRoutes } from '../../../src/shared/server-api/recovery';
import { Api, login, register, startTestServer } from './harness';
import { newAccountKey, proveCode, setUpRecoveryCode } from './recovery-helpers';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile({ crypto: true });
let previousSmtpUrl: string | undefined;
beforeAll(() => {
  previousSmtpUrl = process.env.LATCHKEY_SMTP_URL;
  delete process.env.LATCHKEY_SMTP_URL;
});
afterAll(() => {
  if (previousSmtpUrl !== undefined) process.env.LATCHKEY_SMTP_URL = previousSmtpUrl;
});

function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

const MAILBOX = '/v1/local-mailbox';

async function get(url: string, path: string, secret?: string) {
  const response = await fetch(`${url}${path}`, { headers: secret === undefined ? {} : { [LOCAL_MAILBOX_SECRET_HEADER]: secret } });
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
  // The mailbox's answer when it is 200; the checks below compare error bodies whole.
  return { status: response.status, headers, body: (await response.json()) as RouteResponse<typeof recoveryRoutes.localMailbox> };
}

/** The mailbox route answers exactly as a path that does not exist: no oracle for its existence or the secret. */
async function expectUnknownRoute(url: string, secret?: string): Promise<void> {
  const unknown = await get(url, `${MAILBOX.slice(0, -1)}-`, secret); // same length, so even content-length matches
  expect(unknown.body).toEqual({ error: { code: 'not_found', message: `No route GET ${MAILBOX.slice(0, -1)}-` } });
  expect(await get(url, MAILBOX, secret)).toEqual({ ...unknown, body: { error: { code: 'not_found', message: `No route GET ${MAILBOX}` } } });
}

const tempMailbox = () => join(mkdtempSync(join(tmpdir(), 'latchkey-mailbox-')), 'mailbox');

describe.each(testDatabases)('local mailbox on $name', (database) => {
  it('shows the embedded server’s mail to its host (loopback, with the secret it returned), and nothing otherwise', async () => {
    const log: string[] = [];
    const server = await startServer({ database: await database.create(), embedded: true, mailboxDir: tempMailbox(), host: '0.0.0.0', logLevel: 'debug', logStream: { write: (line) => void log.push(line) } });
    const secret = server.localMailbox?.secret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    const url = `http://127.0.0.1:${new URL(server.url).port}`;
    const api = new Api(url);
    try {
      expect(await get(url, MAILBOX, secret)).toMatchObject({ status: 200, body: { messages: [] } });
      const email = `mailbox-${database.name}@example.com`;
      expect((await api.post('/v1/signup/start', { email })).status).toBe(202);
      const inbox = await get(url, MAILBOX, secret);
      expect(inbox.status).toBe(200);
      expect(inbox.body.messages).toHaveLength(1);
      const message = inbox.body.messages[0]!;
      expect(message).toMatchObject({ to: email, subject: 'Your Latchkey verification code', date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      expect(message.id).toMatch(/\.eml$/);
      const code = /verification code is: (\d{8})/.exec(message.text)?.[1];

      // The whole sign-up and a recovery, reading every code from the mailbox as the app would.
      const verified = await api.post('/v1/signup/verify', { email, code });
      const password = 'x'.repeat(43);
      expect((await register(api, verified.body.signupToken, password)).finished.status).toBe(201);
      const token = (await login(api, email, password)).body.sessionToken as string;
      const recovery = await setUpRecoveryCode(api, token, verified.body.accountId, newAccountKey(), password);
      expect((await proveCode(api, email, recovery.text)).proved.status).toBe(202);
      const newest = (await get(url, MAILBOX, secret)).body.messages[0]!;
      expect(newest.subject).toBe('Your Latchkey account recovery: verification code');
      expect(newest.text).toContain('this email account’s password'); // non-ASCII text, quoted-printable on disk
      expect(newest.text).toMatch(/verification code is: \d{8}/);

      // Without the secret, with a wrong one (same length, last character changed), or with a
      // prefix of it: the route does not exist.
      await expectUnknownRoute(url);
      await expectUnknownRoute(url, `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`);
      await expectUnknownRoute(url, secret.slice(0, 42));
      await expectUnknownRoute(url, '');
      // Not to a client from another address, even with the secret.
      const external = externalAddress();
      if (external) {
        const outside = `http://${external}:${new URL(url).port}`;
        await expectUnknownRoute(outside, secret);
        expect((await get(outside, '/health')).status).toBe(200); // the server does answer there
      }
      // The secret never reaches the log, though requests are logged at debug level.
      expect(log.join('\n')).toContain(MAILBOX);
      expect(log.join('\n')).not.toContain(secret);
    } finally {
      await server.close();
    }
  });

  it('is not served without embedded mode, with SMTP, or with another server’s secret', async () => {
    const mailboxDir = tempMailbox();
    const standalone = await startServer({ database: await database.create(), mailboxDir, logLevel: 'silent' });
    const withSmtp = await startServer({ database: await database.create(), embedded: true, mail: { smtpUrl: smtp.url }, logLevel: 'silent' });
    const embedded = [
      await startServer({ database: await database.create(), embedded: true, mailboxDir: tempMailbox(), logLevel: 'silent' }),
      await startServer({ database: await database.create(), embedded: true, mailboxDir: tempMailbox(), logLevel: 'silent' }),
    ];
    try {
      expect(standalone.localMailbox).toBeNull();
      expect(withSmtp.localMailbox).toBeNull();
      // The standalone server does write its mail to the folder (read with `npm run mailbox`), but never serves it.
      expect((await new Api(standalone.url).post('/v1/signup/start', { email: 'files@example.com' })).status).toBe(202);
      expect(readdirSync(mailboxDir)).toHaveLength(1);
      for (const secret of [undefined, 'x'.repeat(43), embedded[0]!.localMailbox!.secret]) {
        await expectUnknownRoute(standalone.url, secret);
        await expectUnknownRoute(withSmtp.url, secret);
      }
      // Each run makes its own secret: one embedded server's does not open another's mailbox.
      expect(embedded[0]!.localMailbox!.secret).not.toBe(embedded[1]!.localMailbox!.secret);
      await expectUnknownRoute(embedded[1]!.url, embedded[0]!.localMailbox!.secret);
      expect((await get(embedded[1]!.url, MAILBOX, embedded[1]!.localMailbox!.secret)).status).toBe(200);
    } finally {
      for (const server of [standalone, withSmtp, ...embedded]) await server.close();
    }
  });
});

describe('local mailbox reader', () => {
  it('knows loopback addresses', () => {
    for (const ip of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(ip), ip).toBe(true);
    for (const ip of ['10.0.0.1', '::ffff:10.0.0.1', '192.168.1.127', '', '::', 'fe80::1', '127.0.0.1.evil']) expect(isLoopback(ip), ip).toBe(false);
  });

  it('decodes what nodemailer writes: encoded subjects, quoted-printable and base64 bodies', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const long = `Grüße — ’quoted’ ${'lang '.repeat(40)}ende`;
    for (const textEncoding of ['quoted-printable', 'base64'] as const) {
      const info = await transport.sendMail({ from: 'a@example.com', to: 'zoë@example.com', subject: 'Wiederherstellung – Grüße', text: long, textEncoding, date: new Date('2030-01-02T03:04:05Z') });
      expect(parseEml((info.message as Buffer).toString('utf8'))).toEqual({ to: 'zoë@example.com', subject: 'Wiederherstellung – Grüße', date: '2030-01-02T03:04:05.000Z', text: long });
    }
  });

  it('prints the mailbox from the command line', async () => {
    const mailboxDir = join(mkdtempSync(join(tmpdir(), 'latchkey-mailbox-cli-')), 'mailbox');
    const server = await startTestServer(await testDatabases[0]!.create(), null, { mailboxDir });
    try {
      await server.api.post('/v1/signup/start', { email: 'cli@example.com' });
    } finally {
      await server.close();
    }
    const run = promisify(execFile);
    const json = await run(process.execPath, ['--import', 'tsx', 'src/server/mailbox-cli.ts', '--mailbox', mailboxDir, '--json']);
    const messages = JSON.parse(json.stdout);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ to: 'cli@example.com', subject: 'Your Latchkey verification code' });
    const text = await run(process.execPath, ['--import', 'tsx', 'src/server/mailbox-cli.ts', '--data-dir', join(mailboxDir, '..'), '--last', '1']);
    expect(text.stdout).toMatch(/Subject: Your Latchkey verification code/);
    expect(text.stdout).toMatch(/verification code is: \d{8}/);
    expect(text.stdout).toMatch(/1 message\(s\) in /);
  });
});

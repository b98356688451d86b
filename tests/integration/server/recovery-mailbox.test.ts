import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEml } from '../../../src/server/mail/mailbox';
import { isLoopback } from '../../../src/server/recovery/mailbox-routes';
import { testDatabases } from './databases';
import { Api, expectError, login, register, startSmtp, startTestServer, type TestSmtp } from './harness';
import { newAccountKey, proveCode, recoveryCrypto, setUpRecoveryCode } from './recovery-helpers';

let smtp: TestSmtp;
let previousSmtpUrl: string | undefined;
beforeAll(async () => {
  smtp = await startSmtp();
  await recoveryCrypto();
  previousSmtpUrl = process.env.LATCHKEY_SMTP_URL;
  delete process.env.LATCHKEY_SMTP_URL;
});
afterAll(async () => {
  if (previousSmtpUrl !== undefined) process.env.LATCHKEY_SMTP_URL = previousSmtpUrl;
  await smtp.close();
});

function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

describe.each(testDatabases)('local mailbox on $name', (database) => {
  it('shows the embedded server’s mail to a loopback client, and nothing otherwise', async () => {
    const mailboxDir = join(mkdtempSync(join(tmpdir(), 'latchkey-mailbox-')), 'mailbox');
    const server = await startTestServer(await database.create(), null, { mailboxDir, host: '0.0.0.0' });
    const withSmtp = await startTestServer(await database.create(), smtp);
    const port = new URL(server.url).port;
    const api = new Api(`http://127.0.0.1:${port}`);
    try {
      expect(await api.get('/v1/local-mailbox')).toEqual({ status: 200, body: { messages: [] } });
      const email = `mailbox-${database.name}@example.com`;
      expect((await api.post('/v1/signup/start', { email })).status).toBe(202);
      const inbox = await api.get('/v1/local-mailbox');
      expect(inbox.status).toBe(200);
      expect(inbox.body.messages).toHaveLength(1);
      const [message] = inbox.body.messages;
      expect(message).toMatchObject({ to: email, subject: 'Your Latchkey verification code', date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      expect(message.id).toMatch(/\.eml$/);
      const code = /verification code is: (\d{8})/.exec(message.text)?.[1];

      // The whole sign-up and a recovery, reading every code from the mailbox as the app would.
      const verified = await api.post('/v1/signup/verify', { email, code });
      const secret = 'x'.repeat(43);
      expect((await register(api, verified.body.signupToken, secret)).finished.status).toBe(201);
      const token = (await login(api, email, secret)).body.sessionToken as string;
      const recovery = await setUpRecoveryCode(api, token, verified.body.accountId, newAccountKey(), secret);
      expect((await proveCode(api, email, recovery.text)).proved.status).toBe(202);
      const newest = (await api.get('/v1/local-mailbox')).body.messages[0];
      expect(newest.subject).toBe('Your Latchkey account recovery: verification code');
      expect(newest.text).toContain('this email account’s password'); // non-ASCII text, quoted-printable on disk
      expect(newest.text).toMatch(/verification code is: \d{8}/);

      // With SMTP there is no local mailbox.
      const smtpAnswer = await withSmtp.api.get('/v1/local-mailbox');
      expectError(smtpAnswer, 404, 'not_found');
      expect(smtpAnswer.body).toEqual({ error: { code: 'not_found', message: 'No route GET /v1/local-mailbox' } });
      // Not to a client from another address.
      const external = externalAddress();
      if (external) {
        expectError(await new Api(`http://${external}:${port}`).get('/v1/local-mailbox'), 404, 'not_found');
        expect((await new Api(`http://${external}:${port}`).get('/health')).status).toBe(200); // the server does answer there
      }
    } finally {
      await server.close();
      await withSmtp.close();
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

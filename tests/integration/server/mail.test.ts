import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases';
import { expectError, startTestServer } from './harness';

describe.each(testDatabases)('mail delivery on $name', (database) => {
  it('writes each message to the local mailbox as an .eml file, the owner’s alone, when no SMTP server is configured', async () => {
    const mailboxDir = join(mkdtempSync(join(tmpdir(), 'latchkey-mail-')), 'mailbox');
    // A folder left open to other users is closed when the server starts, before any mail.
    mkdirSync(mailboxDir);
    chmodSync(mailboxDir, 0o755);
    const previous = process.env.LATCHKEY_SMTP_URL;
    delete process.env.LATCHKEY_SMTP_URL;
    const server = await startTestServer(await database.create(), null, { mailboxDir });
    try {
      expect(statSync(mailboxDir).mode & 0o777).toBe(0o700);
      expect((await server.api.post('/v1/signup/start', { email: 'local@example.com' })).status).toBe(202);
      const files = readdirSync(mailboxDir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const eml = readFileSync(join(mailboxDir, files[0] as string), 'utf8');
      expect(eml).toMatch(/^To: local@example\.com$/m);
      expect(eml).toMatch(/^Subject: Your Latchkey verification code$/m);
      const code = /verification code is: (\d{8})/.exec(eml)?.[1];
      expect(code).toBeDefined();
      expect(statSync(join(mailboxDir, files[0] as string)).mode & 0o777).toBe(0o600);
      expect((await server.api.post('/v1/signup/verify', { email: 'local@example.com', code })).status).toBe(200);
    } finally {
      if (previous !== undefined) process.env.LATCHKEY_SMTP_URL = previous;
      await server.close();
    }
  });

  it('answers 503 mail_unavailable when the SMTP server cannot be reached', async () => {
    const server = await startTestServer(await database.create(), null, { mail: { smtpUrl: 'smtp://127.0.0.1:1' } });
    try {
      expectError(await server.api.post('/v1/signup/start', { email: 'down@example.com' }), 503, 'mail_unavailable');
    } finally {
      await server.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { testDatabases } from './databases';
import { Clock, expectError, loginStart, randomSecret, startTestServer } from './harness';
import { targetOf, useServerProcesses } from './server-process';
import { smtpForThisFile } from '../../support/suite-smtp';

const processes = useServerProcesses();

const smtp = await smtpForThisFile();

describe.each(testDatabases)('rate limits on $name', (database) => {
  it('are shared by two server instances on the same database', async () => {
    const config = await database.create();
    const clock = new Clock();
    const a = await startTestServer(config, smtp, { clock });
    const b = await startTestServer(config, smtp, { clock });
    try {
      const email = 'limited@example.com';
      // Login starts: 5 per email from one address in 15 minutes, counted across both instances (start-limits.test.ts has the rest).
      for (let i = 0; i < 5; i++) expect((await loginStart(i % 2 ? a.api : b.api, email, randomSecret())).started.status).toBe(200);
      const limited = (await loginStart(a.api, email, randomSecret())).started;
      expectError(limited, 429, 'rate_limited');
      // How long to wait, as a header and as a field of the error: the same number, within the 15-minute window.
      const wait = Number(limited.headers?.['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(15 * 60);
      expect(limited.body.error.details).toEqual({ retryAfterSeconds: wait });
      expectError((await loginStart(b.api, ` ${email.toUpperCase()}`, randomSecret())).started, 429, 'rate_limited');
      expect((await loginStart(b.api, 'other@example.com', randomSecret())).started.status).toBe(200);

      // Sign-up starts: 3 per email per hour.
      for (const api of [a.api, b.api, a.api]) expect((await api.post('/v1/signup/start', { email })).status).toBe(202);
      const mails = smtp.messages.length;
      expectError(await b.api.post('/v1/signup/start', { email }), 429, 'rate_limited');
      expect(smtp.messages.length).toBe(mails);

      // Code checks: 10 per email per hour, whatever the code.
      for (let i = 0; i < 10; i++) {
        if (i % 5 === 0) clock.advance(1); // keeps the code alive; the attempt limit per code is 5
        const response = await (i % 2 ? a.api : b.api).post('/v1/signup/verify', { email, code: '00000000' });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).not.toBe(500);
      }
      expectError(await a.api.post('/v1/signup/verify', { email, code: '00000000' }), 429, 'rate_limited');

      // The attempts leave the window an hour after they were made.
      clock.advance(61 * 60_000);
      expect((await loginStart(a.api, email, randomSecret())).started.status).toBe(200);
      expect((await b.api.post('/v1/signup/start', { email })).status).toBe(202);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('hold across two server processes on the same database', async () => {
    const target = targetOf(await database.create());
    const env = { LATCHKEY_SMTP_URL: smtp.url };
    // Started one after the other: the first creates the schema, the second finds it.
    const a = await processes.start(target, env);
    const b = await processes.start(target, env);
    try {
      const email = 'two-processes@example.com';
      for (let i = 0; i < 5; i++) expect((await loginStart(i % 2 ? a.api : b.api, email, randomSecret())).started.status).toBe(200);
      expectError((await loginStart(a.api, email, randomSecret())).started, 429, 'rate_limited');
      expectError((await loginStart(b.api, email, randomSecret())).started, 429, 'rate_limited');
      for (const api of [b.api, a.api, b.api]) expect((await api.post('/v1/signup/start', { email })).status).toBe(202);
      expectError(await a.api.post('/v1/signup/start', { email }), 429, 'rate_limited');
    } finally {
      await a.kill();
      await b.kill();
    }
  });
});

/**
 * Crash safety of the recovery reset: the server runs in a child process and is killed with
 * SIGKILL between the steps and in the middle of the reset transaction, then restarted on the
 * same database. At every point the old credentials or the new ones work, never neither.
 */
import * as opaque from '@serenity-kit/opaque';
import { describe, expect, it } from 'vitest';
import { ClientAt } from './client-address';
import { testDatabases } from './databases';
import { type Api, expectError, fakeWrappedKey, keyStretching, login, randomSecret, signUp } from './harness';
import { newAccountKey, recoverUpToToken, setUpRecoveryCode } from './recovery-helpers';
import { useServerProcesses } from './server-process';
import { smtpForThisFile } from '../../support/suite-smtp';

const processes = useServerProcesses();

const smtp = await smtpForThisFile({ crypto: true });

/** A server process on `target`, sending mail to the test's SMTP server. */
const startChild = (target: string, env: Record<string, string> = {}) => processes.start(target, { LATCHKEY_SMTP_URL: smtp.url, ...env });

async function registrationFor(api: Api, recoveryToken: string, secret: string) {
  await opaque.ready;
  const { clientRegistrationState, registrationRequest } = opaque.client.startRegistration({ password: secret });
  const started = await api.post('/v1/recovery/reset/start', { recoveryToken, registrationRequest });
  expect(started.status).toBe(200);
  return opaque.client.finishRegistration({ password: secret, clientRegistrationState, registrationResponse: started.body.registrationResponse, keyStretching }).registrationRecord;
}

describe.each(testDatabases)('recovery reset crash safety on $name', (database) => {
  it('leaves the old or the new credentials working, never neither, when killed at any point of the reset', async () => {
    const config = await database.create();
    const target = config.kind === 'sqlite' ? config.file : config.url;
    const works = async (api: Api, email: string, secret: string) => (await login(api, email, secret)).status === 200;

    // Set up: an account with a recovery code, on a first server process, up to the recovery token.
    let server = await startChild(target);
    const user = await signUp(server.api, smtp, `crash-${database.name}@example.com`);
    const session = (await login(server.api, user.email, user.secret)).body.sessionToken as string;
    const code = await setUpRecoveryCode(server.api, session, user.accountId, newAccountKey(), user.secret);
    const { verified } = await recoverUpToToken(server.api, smtp, user.email, code.text);
    const recoveryToken = verified.body.recoveryToken as string;
    const newSecret = randomSecret();

    // Kill point 1: between the email check and the reset. The old password works; the token survives.
    await server.kill();
    server = await startChild(target, { LATCHKEY_TEST_RESET_DELAY_MS: '30000' });
    expect(await works(server.api, user.email, user.secret)).toBe(true);
    const record = await registrationFor(server.api, recoveryToken, newSecret);

    // Kill point 2: inside the reset transaction, after all its writes, before the commit.
    const cut = server.api.post('/v1/recovery/reset/finish', { recoveryToken, registrationRecord: record, wrappedAccountKey: fakeWrappedKey() }).catch(() => null);
    await server.waitFor('INSIDE-RESET');
    await server.kill();
    expect(await cut).toBeNull(); // the client saw no answer
    server = await startChild(target);
    // Rolled back as a whole: the old password and the old sessions work, the new password does not.
    expect({ old: await works(server.api, user.email, user.secret), new: await works(server.api, user.email, newSecret) }).toEqual({ old: true, new: false });
    expect((await server.api.get('/v1/account', session)).status).toBe(200);

    // Kill point 3: right after a completed reset. The token was not consumed by the cut one, so the client retries.
    const finished = await server.api.post('/v1/recovery/reset/finish', { recoveryToken, registrationRecord: record, wrappedAccountKey: fakeWrappedKey() });
    expect(finished).toMatchObject({ status: 200, body: { recovered: true } });
    await server.kill();
    server = await startChild(target);
    try {
      // From another address: this one has had its five login starts for the email in 15 minutes (§13.5).
      const elsewhere = new ClientAt(server.api.url, '127.0.0.2');
      expect({ old: await works(elsewhere, user.email, user.secret), new: await works(elsewhere, user.email, newSecret) }).toEqual({ old: false, new: true });
      expectError(await server.api.get('/v1/account', session), 401, 'unauthorized');
      expectError(await server.api.post('/v1/recovery/reset/finish', { recoveryToken, registrationRecord: record, wrappedAccountKey: fakeWrappedKey() }), 401, 'invalid_recovery_token');
    } finally {
      await server.kill();
    }
  });
});

/**
 * The trust record on the server (docs/security-design.md §8.7): stored only at the stored
 * version + 1, answered as written, each account's own, and a malformed write changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { testDatabases } from './databases';
import { expectError, fakeEnvelope, login, signUp, type Api, withTestServer } from './harness';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

describe.each(testDatabases)('trust record on $name', (database) => {
  async function signedIn(api: Api, email: string) {
    const user = await signUp(api, smtp, email);
    return (await login(api, user.email, user.secret, { name: 'Laptop', platform: 'linux' })).body.sessionToken as string;
  }
  const put = (api: Api, token: string, version: unknown, record: unknown) => api.call('PUT', '/v1/trust-record', { version, record }, token);
  const record = () => fakeEnvelope(EnvelopeKind.TrustRecord, 40);

  it('stores the record only at the stored version + 1, answers it as written, and keeps it per account', () =>
    withTestServer(database, smtp, async ({ api }) => {
      const token = await signedIn(api, 'trust@example.test');
      const other = await signedIn(api, 'other-trust@example.test');
      expect((await api.get('/v1/trust-record', token)).body).toEqual({ version: 0, record: null });
      const first = record();
      expectError(await put(api, token, 2, first), 409, 'stale_trust_record');
      expect((await put(api, token, 1, first)).body).toEqual({ version: 1, record: first });
      const second = record();
      expectError(await put(api, token, 1, second), 409, 'stale_trust_record');
      expectError(await put(api, token, 3, second), 409, 'stale_trust_record');
      expect((await api.get('/v1/trust-record', token)).body).toEqual({ version: 1, record: first });
      expect((await put(api, token, 2, second)).body).toEqual({ version: 2, record: second });
      expect((await api.get('/v1/trust-record', token)).body).toEqual({ version: 2, record: second });
      expect((await api.get('/v1/trust-record', other)).body).toEqual({ version: 0, record: null });
    }));

  it('refuses a record that is not a trust record envelope, or a version out of range, and keeps the stored one', () =>
    withTestServer(database, smtp, async ({ api }) => {
      const token = await signedIn(api, 'bad-trust@example.test');
      const stored = record();
      expect((await put(api, token, 1, stored)).status).toBe(200);
      const cases: [unknown, unknown][] = [
        [2, fakeEnvelope(EnvelopeKind.DeviceStateRecord, 40)],
        [2, stored.slice(0, 40)],
        [2, `${stored.slice(0, -1)}!`],
        [2, 'x'.repeat(60_001)],
        [0, record()],
        [-1, record()],
        [2 ** 53, record()],
        ['2', record()],
      ];
      for (const [version, body] of cases) expectError(await put(api, token, version, body), 400, 'invalid_request');
      expect((await api.get('/v1/trust-record', token)).body).toEqual({ version: 1, record: stored });
    }));
});

/**
 * The account profile on the server (docs/security-design.md §8.8): stored only at the stored
 * version + 1, answered as written, each account's own; anything but a profile envelope of the
 * one length is refused and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { EnvelopeKind } from '../../../src/shared/crypto/envelope';
import { testDatabases } from './databases';
import { expectError, fakeEnvelope, login, signUp, type Api, withTestServer } from './harness';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

describe.each(testDatabases)('account profile on $name', (database) => {
  async function signedIn(api: Api, email: string) {
    const user = await signUp(api, smtp, email);
    return (await login(api, user.email, user.secret, { name: 'Laptop', platform: 'linux' })).body.sessionToken as string;
  }
  const put = (api: Api, token: string, version: unknown, profile: unknown) => api.call('PUT', '/v1/account/profile', { version, profile }, token);
  const profile = () => fakeEnvelope(EnvelopeKind.AccountProfile, 512);

  it('stores the profile only at the stored version + 1, answers it as written, keeps it per account, and refuses what is not a profile', () =>
    withTestServer(database, smtp, async ({ api }) => {
      const token = await signedIn(api, 'profile@example.test');
      const other = await signedIn(api, 'other-profile@example.test');
      expect((await api.get('/v1/account/profile', token)).body).toEqual({ version: 0, profile: null });
      const first = profile();
      expectError(await put(api, token, 2, first), 409, 'stale_account_profile');
      expect((await put(api, token, 1, first)).body).toEqual({ version: 1, profile: first });
      const second = profile();
      expectError(await put(api, token, 1, second), 409, 'stale_account_profile');
      expect((await put(api, token, 2, second)).body).toEqual({ version: 2, profile: second });
      expect((await api.get('/v1/account/profile', other)).body).toEqual({ version: 0, profile: null });
      // Every nonce is taken: its first two bits make the third character 8, 9, - or _ (a `-` once read as a range).
      let version = 2;
      for (const top of [0x00, 0x40, 0x80, 0xc0]) {
        const bytes = Buffer.from(profile(), 'base64url');
        bytes[2] = top | (bytes[2]! & 0x3f);
        const sealed = bytes.toString('base64url');
        expect((await put(api, token, ++version, sealed)).body).toEqual({ version, profile: sealed });
      }

      const next = version + 1;
      const refused: [unknown, unknown][] = [
        [next, fakeEnvelope(EnvelopeKind.TrustRecord, 512)],
        [next, fakeEnvelope(EnvelopeKind.AccountProfile, 511)],
        [next, fakeEnvelope(EnvelopeKind.AccountProfile, 513)],
        [next, `${profile().slice(0, -1)}!`],
        [0, profile()],
        [String(next), profile()],
      ];
      const stored = (await api.get('/v1/account/profile', token)).body;
      for (const [v, body] of refused) expectError(await put(api, token, v, body), 400, 'invalid_request');
      expect((await api.get('/v1/account/profile', token)).body).toEqual(stored);
    }));
});

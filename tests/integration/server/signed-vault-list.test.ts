import { describe, expect, it } from 'vitest';
import { concatBytes, toBase64Url } from '../../../src/shared/crypto/bytes';
import { encodeVaultList, type VaultList } from '../../../src/shared/crypto/vault-list';
import { testDatabases } from './databases';
import { expectError, login, signUp, type Api, withTestServer } from './harness';
import { smtpForThisFile } from '../../support/suite-smtp';

const smtp = await smtpForThisFile();

/** A list's bytes with a stand-in signature: the server checks the layout, never the signature. */
function listBlob(accountId: string, counter: number): string {
  const list: VaultList = { accountId, counter, vaults: [{ vaultId: toBase64Url(new Uint8Array(16).fill(7)), kind: 'private', role: 'owner', keyCommitment: new Uint8Array(32).fill(counter) }] };
  return toBase64Url(concatBytes(encodeVaultList(list), new Uint8Array(64)));
}

describe.each(testDatabases)('signed vault list on $name', (database) => {
  async function signedIn(api: Api, email: string) {
    const user = await signUp(api, smtp, email);
    const session = (await login(api, user.email, user.secret, { name: 'Laptop', platform: 'linux' })).body;
    return { accountId: user.accountId as string, token: session.sessionToken as string };
  }
  const put = (api: Api, token: string, counter: unknown, signedList: unknown) => api.call('PUT', '/v1/vaults/signed-list', { counter, signedList }, token);

  it('stores the list only at the stored counter + 1, and answers it as written', () =>
    withTestServer(database, smtp, async ({ api }) => {
      const { accountId, token } = await signedIn(api, 'list@example.test');
      expect((await api.get('/v1/vaults/signed-list', token)).body).toEqual({ signedList: null, counter: 0 });
      expectError(await put(api, token, 2, listBlob(accountId, 2)), 409, 'vault_list_conflict');
      expect((await put(api, token, 1, listBlob(accountId, 1))).body).toEqual({ counter: 1 });
      expectError(await put(api, token, 1, listBlob(accountId, 1)), 409, 'vault_list_conflict');
      expectError(await put(api, token, 3, listBlob(accountId, 3)), 409, 'vault_list_conflict');
      expect((await put(api, token, 2, listBlob(accountId, 2))).body).toEqual({ counter: 2 });
      expect((await api.get('/v1/vaults/signed-list', token)).body).toEqual({ signedList: listBlob(accountId, 2), counter: 2 });
    }));

  it('refuses a malformed list, one for another account or another counter, and keeps the stored one', () =>
    withTestServer(database, smtp, async ({ api }) => {
      const { accountId, token } = await signedIn(api, 'bad-list@example.test');
      expect((await put(api, token, 1, listBlob(accountId, 1))).status).toBe(200);
      const good = listBlob(accountId, 2);
      const truncated = good.slice(0, -4);
      const otherAccount = listBlob(accountId === 'A1B2C3' ? 'A1B2C4' : 'A1B2C3', 2);
      expectError(await put(api, token, 2, truncated), 400, 'vault_list_invalid');
      expectError(await put(api, token, 2, otherAccount), 400, 'vault_list_invalid');
      expectError(await put(api, token, 2, listBlob(accountId, 3)), 400, 'vault_list_invalid');
      // Non-canonical base64url: the last character carries bits past the end.
      expectError(await put(api, token, 2, `${good.slice(0, -2)}AA`.replace(/.$/, 'B')), 400, 'vault_list_invalid');
      expectError(await put(api, token, 2, `${good.slice(0, -1)}!`), 400, 'invalid_request');
      expectError(await put(api, token, 0, good), 400, 'invalid_request');
      expect((await api.get('/v1/vaults/signed-list', token)).body).toEqual({ signedList: listBlob(accountId, 1), counter: 1 });
    }));
});

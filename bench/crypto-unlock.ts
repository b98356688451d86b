/**
 * The crypto-only unlock that the IPC figures are judged against, in one place so the parent
 * (bench/index.ts, against kdbxweb) and the IPC child (bench/ipc-flows.ts, interleaved with
 * the IPC runs) time the same work: 2SKD (one Argon2id at the floor), unwrap the account key,
 * decrypt the keyset, open the vault key, decrypt every item overview, build the search index.
 */
import { ARGON2ID_FLOOR } from '../src/shared/crypto/argon2-params';
import { generateSecretKey } from '../src/shared/crypto/secret-key';
import { generateAccountKey, unwrapAccountKey, wrapAccountKey } from '../src/main/core/crypto/account-key';
import { deriveAccountKeys } from '../src/main/core/crypto/derivation';
import { decryptKeyset, encryptKeyset, generateKeyset } from '../src/main/core/crypto/keyset';
import { initCrypto, systemRandom } from '../src/main/core/crypto/sodium';
import { decryptItemJson, encryptItemJson } from '../src/main/core/crypto/vault-items';
import { generateVaultKey, openVaultKey, sealVaultKey } from '../src/main/core/crypto/vault-keys';
import { SearchIndex, type SearchableOverview } from '../src/main/core/vault/search-index';

export const PARAMS = ARGON2ID_FLOOR;
const WORDS = ['bank', 'mail', 'shop', 'cloud', 'forum', 'news', 'travel', 'music', 'games', 'work', 'school', 'health'];

/** Item i of every benchmark vault, so all rows search the same titles. */
export function benchOverview(i: number): SearchableOverview & { id: string; title: string; username: string; urls: string[] } {
  const w = WORDS[i % WORDS.length]!;
  return { id: `item_${i}`, title: `${w[0]!.toUpperCase()}${w.slice(1)} account ${i}`, username: `user${i}@example.com`, urls: [`https://${w}${i % 97}.example.com/login`] };
}

/** Builds an account and a vault of `items` items (not timed); `unlock` is the timed part. */
export async function prepareCryptoUnlock(items: number, password: string, email: string) {
  await initCrypto();
  const secretKey = generateSecretKey(systemRandom);
  const accountId = secretKey.accountId;
  const serverSalt = systemRandom(16);
  const setupKeys = await deriveAccountKeys({ password, email, serverSalt, params: PARAMS, secretKey });
  const accountKey = generateAccountKey();
  const wrappedAccountKey = wrapAccountKey(accountKey, setupKeys.accountUnlockKey, accountId);
  setupKeys.dispose();
  const keyset = generateKeyset('ks_1');
  const encryptedKeyset = encryptKeyset(keyset, accountKey, accountId);
  const vaultId = 'vault_1';
  const vaultKey = generateVaultKey();
  const grant = sealVaultKey(vaultKey, vaultId, keyset.boxPublicKey);
  const sealed = Array.from({ length: items }, (_, i) => {
    const { id, title, username, urls } = benchOverview(i);
    const ctx = { vaultId, itemId: id, version: 1 };
    return { ctx, envelope: encryptItemJson(vaultKey, 'overview', ctx, { title, username, urls }) };
  });

  async function unlock(): Promise<SearchIndex> {
    const keys = await deriveAccountKeys({ password, email, serverSalt, params: PARAMS, secretKey });
    const ak = unwrapAccountKey(wrappedAccountKey, keys.accountUnlockKey, accountId);
    keys.dispose();
    const ks = decryptKeyset(encryptedKeyset, ak, accountId);
    ak.dispose();
    const vk = openVaultKey(grant, vaultId, ks);
    ks.dispose();
    const index = new SearchIndex();
    for (const item of sealed) {
      const o = decryptItemJson(vk, 'overview', item.ctx, item.envelope) as { title: string; username: string; urls: string[] };
      index.upsert({ id: item.ctx.itemId, title: o.title, username: o.username, urls: o.urls });
    }
    vk.dispose();
    return index;
  }
  return { unlock, accountId, accountKey };
}

/**
 * The crypto-only unlock that the IPC figures are judged against, in one place so the parent
 * (bench/index.ts, against kdbxweb) and the IPC child (bench/ipc-flows.ts, interleaved with
 * the IPC runs) time the same work: 2SKD (one Argon2id at the floor), unwrap the account key,
 * decrypt the keyset, open the vault key, decrypt every item overview, build the search index.
 * `unlock(true)` also does what a device checks against a lying server (docs/security-design.md
 * §8.6): it opens and parses the device state record (every item's highest version), verifies
 * the signed vault list and the vault key's commitment in it, and checks each item's version.
 */
import { ARGON2ID_FLOOR } from '../src/shared/crypto/argon2-params';
import { toBase64Url } from '../src/shared/crypto/bytes';
import { generateSecretKey } from '../src/shared/crypto/secret-key';
import { isListed, signVaultList, vaultKeyCommitment, verifyVaultList } from '../src/main/core/crypto/signed-vault-list';
import { openDeviceState, sealDeviceState } from '../src/main/core/offline/device-state-store';
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
export function benchOverview(i: number): Omit<SearchableOverview, 'id'> & { title: string; username: string; urls: string[] } {
  const w = WORDS[i % WORDS.length]!;
  return { title: `${w[0]!.toUpperCase()}${w.slice(1)} account ${i}`, username: `user${i}@example.com`, urls: [`https://${w}${i % 97}.example.com/login`] };
}

/** Id number `n` in the form the server accepts (16 bytes as base64url). */
function benchId(n: number): string {
  const bytes = new Uint8Array(16).fill(0x4c);
  new DataView(bytes.buffer).setUint32(12, n);
  return toBase64Url(bytes);
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
  const vaultId = benchId(0xffffffff);
  const vaultKey = generateVaultKey();
  const grant = sealVaultKey(vaultKey, vaultId, keyset.boxPublicKey);
  const sealed = Array.from({ length: items }, (_, i) => {
    const { title, username, urls } = benchOverview(i);
    const ctx = { vaultId, itemId: benchId(i), version: 1 + (i % 3) };
    return { ctx, envelope: encryptItemJson(vaultKey, 'overview', ctx, { title, username, urls }) };
  });
  const own = { vaultId, kind: 'private', role: 'owner' } as const;
  const signedList = signVaultList(keyset, { accountId, counter: 7, vaults: [{ ...own, keyCommitment: vaultKeyCommitment(vaultKey, vaultId) }] });
  const seenVersions = new Map(sealed.map(({ ctx }) => [ctx.itemId, ctx.version]));
  const stateRecord = sealDeviceState(accountKey, { accountId, signPublicKey: keyset.signPublicKey, listCounter: 7, vaults: new Map([[vaultId, seenVersions]]) });

  /** `checks`: with the device state record, the signed vault list and every item's version checked. */
  async function unlock(checks = false): Promise<SearchIndex> {
    const keys = await deriveAccountKeys({ password, email, serverSalt, params: PARAMS, secretKey });
    const ak = unwrapAccountKey(wrappedAccountKey, keys.accountUnlockKey, accountId);
    keys.dispose();
    const ks = decryptKeyset(encryptedKeyset, ak, accountId);
    const state = checks ? openDeviceState(ak, accountId, stateRecord) : undefined;
    ak.dispose();
    const list = state && verifyVaultList(signedList, ks.signPublicKey, accountId, state.listCounter);
    const vk = openVaultKey(grant, vaultId, ks);
    ks.dispose();
    if (list && !isListed(list, own, vk)) throw new Error('the signed list does not hold the vault');
    const seen = state?.vaults.get(vaultId);
    const index = new SearchIndex();
    for (const item of sealed) {
      if (seen && item.ctx.version < (seen.get(item.ctx.itemId) ?? 0)) throw new Error('an item older than the state record');
      const o = decryptItemJson(vk, 'overview', item.ctx, item.envelope) as { title: string; username: string; urls: string[] };
      index.upsert({ id: item.ctx.itemId, title: o.title, subtitle: o.username, urls: o.urls });
    }
    vk.dispose();
    return index;
  }
  return { unlock, accountId, accountKey };
}

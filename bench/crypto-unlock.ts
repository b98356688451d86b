/**
 * The crypto-only unlock that the IPC figures are judged against, in one place so the parent
 * (bench/index.ts, against kdbxweb) and the IPC child (bench/ipc-flows.ts, interleaved with
 * the IPC runs) time the same work: 2SKD (one Argon2id at the floor), unwrap the account key,
 * decrypt the keyset, open the vault key, then take in every item as the device holds it (its
 * sealed record, as the offline cache reads it back) through the app's own applyCachedItem:
 * each overview opened, read and checked, the search index built. `floor` opens the same overview
 * envelopes (already bytes, their AAD already built) with XChaCha20-Poly1305 and nothing else,
 * through the fastest open the app has (aead-batch.ts).
 * `unlock(true)` also does what a device checks against a lying server (docs/security-design.md
 * §8.6): it opens and parses the device state record (every item's highest version), verifies
 * the signed vault list and the vault key's commitment in it, and checks each item's version.
 */
import { ARGON2ID_FLOOR } from '../src/shared/crypto/argon2-params';
import { toBase64Url } from '../src/shared/crypto/bytes';
import { formatSecretKey, generateSecretKey, parseSecretKey } from '../src/shared/crypto/secret-key';
import { isListed, signVaultList, vaultKeyCommitment, verifyVaultList } from '../src/main/core/crypto/signed-vault-list';
import { openDeviceState, sealDeviceState } from '../src/main/core/offline/device-state-store';
import { generateAccountKey, unwrapAccountKey, wrapAccountKey } from '../src/main/core/crypto/account-key';
import { deriveAccountKeys } from '../src/main/core/crypto/derivation';
import { decryptKeyset, encryptKeyset, generateKeyset, type EncryptedKeyset } from '../src/main/core/crypto/keyset';
import { initCrypto, systemRandom } from '../src/main/core/crypto/sodium';
import { withAeadBatch } from '../src/main/core/crypto/aead-batch';
import { encryptItemJson } from '../src/main/core/crypto/vault-items';
import { generateVaultKey, openVaultKey, sealVaultKey } from '../src/main/core/crypto/vault-keys';
import { itemParts } from '../src/main/core/vault/item-format';
import { applyCachedItems, openVaultOf, type VaultGrant } from '../src/main/core/vault/open-vault';
import { HeldRecord } from '../src/main/core/offline/held-record';
import { recordHead, sealRecord } from '../src/main/core/offline/sealed-item';
import { foldForSearch, SearchIndex, type SearchableOverview } from '../src/main/core/vault/search-index';
import { unpaddedLength } from '../src/shared/crypto/padding';
import { fromWire, toWire } from '../src/main/core/sync/wire';
import { itemAad } from '../src/shared/crypto/aad';
import { EnvelopeKind } from '../src/shared/crypto/envelope';

export const PARAMS = ARGON2ID_FLOOR;

/** How much of an unlock's work a sub-floor does beyond the floor (see subFloor). */
export type SubFloor = 'parse' | 'index' | 'least';
interface FloorEnvelope {
  itemId: string;
  envelope: Uint8Array;
  aad: Uint8Array;
}
const decoder = new TextDecoder('utf-8', { fatal: true });
const parseOverview = (padded: Uint8Array): unknown => JSON.parse(decoder.decode(padded.subarray(0, unpaddedLength(padded))));
const WORDS = ['bank', 'mail', 'shop', 'cloud', 'forum', 'news', 'travel', 'music', 'games', 'work', 'school', 'health'];

/** Item i of every benchmark vault, so all rows search the same titles. */
export function benchOverview(i: number): SearchableOverview & { title: string; username: string; urls: string[] } {
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
  const updatedAt = new Date().toISOString();
  const sealed: Buffer[] = Array.from({ length: items }, (_, i) => {
    const { title, username, urls } = benchOverview(i);
    const ctx = { vaultId, itemId: benchId(i), version: 1 + (i % 3) };
    const fields = { type: 'login', title, username, password: `pw-${i}-secret`, urls, otp: '', notes: '', tags: [], favourite: false, customFields: [] } as const;
    const { overview, details } = itemParts({ fields: { ...fields, urls: [...urls], tags: [], customFields: [] }, history: [], trashedAt: null });
    return sealRecord({ ...ctx, updatedAt, overview: encryptItemJson(vaultKey, 'overview', ctx, overview), details: encryptItemJson(vaultKey, 'details', ctx, details) });
  });
  let envelopesMade: FloorEnvelope[] | undefined;
  /** The overview envelopes as the floors open them: already bytes, their AAD already built. */
  const floorEnvelopes = () => (envelopesMade ??= sealed.map((record) => recordHead(record)).map((item) => ({ itemId: item.itemId, envelope: item.overview, aad: itemAad(EnvelopeKind.PaddedItemOverview, { vaultId, ...item }) })));
  let fieldSpans: Int32Array | undefined;
  /** Where each item's title and subtitle lie in its overview's plaintext (start, end, start, end), found by opening them all once. */
  const spansOf = (envelopes: readonly FloorEnvelope[]) => {
    const spans = new Int32Array(4 * envelopes.length);
    withAeadBatch(vaultKey.expose(), (batch) =>
      envelopes.forEach(({ envelope, aad }, i) =>
        batch.open(EnvelopeKind.PaddedItemOverview, envelope, aad, (plaintext) => {
          const { title, username } = benchOverview(i);
          [title, username].forEach((text, field) => {
            const start = Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.length).indexOf(JSON.stringify(text)) + 1;
            spans.set([start, start + Buffer.byteLength(text)], 4 * i + 2 * field);
          });
        }),
      ),
    );
    return spans;
  };
  const own = { vaultId, kind: 'private', role: 'owner' } as const;
  const signedList = signVaultList(keyset, { accountId, counter: 7, vaults: [{ ...own, keyCommitment: vaultKeyCommitment(vaultKey, vaultId) }] });
  const seenVersions = new Map(sealed.map((record) => recordHead(record)).map((item) => [item.itemId, item.version]));
  const stateRecord = sealDeviceState(accountKey, { accountId, signPublicKey: keyset.signPublicKey, listCounter: 7, vaults: new Map([[vaultId, seenVersions]]) });

  const held = sealed.map((record) => HeldRecord.inMemory(record));
  const served = { vault: { ...own, vaultId, sealedVaultKey: toWire(grant), attributes: null }, items: held, forget: () => void [sealed, held].forEach((list) => list.splice(0)) };
  /** What unlock starts from besides the items: as a device holds it, plain data (a child process can take it over a pipe). */
  const inputs: UnlockInputs = { password, email, serverSalt, secretKey: formatSecretKey(secretKey), accountId, wrappedAccountKey, encryptedKeyset, grant: served.vault };

  /**
   * `checks`: with the device state record, the signed vault list and every item's version
   * checked; `items`: the items as read back (from the offline cache), the ones sealed here by
   * default. `afterDerivationMs`: the time from the Argon2id derivation's end to searchable.
   */
  function unlock(checks = false, items: readonly HeldRecord[] = held): Promise<Unlocked> {
    return unlockFrom(inputs, items, checks ? { stateRecord, signedList } : undefined);
  }

  /**
   * The AEAD-only floor: every overview envelope opened under the vault key, nothing else, by the fastest open the app has
   * (its batch, aead-batch.ts: the key copied in once, one region reused; the plaintext not read); answers its time in ms.
   */
  function floor(): number {
    const envelopes = floorEnvelopes();
    const started = performance.now();
    withAeadBatch(vaultKey.expose(), (batch) => {
      for (const { envelope, aad } of envelopes) batch.open(EnvelopeKind.PaddedItemOverview, envelope, aad, () => undefined);
    });
    return performance.now() - started;
  }

  /**
   * A sub-floor between the floor and the unlock, for the decomposition (bench/unlock-floor.ts, the crypto row's note): the
   * floor's loop and more per item; answers its time in ms. 'parse': each overview unpadded, decoded and parsed (kept, as
   * unlock keeps them); 'index': each parsed one also put into a new search index. 'least': instead of JSON, the least any
   * overview format must do to make an item listed and searchable: its title and subtitle decoded from where they lie in the
   * plaintext (found before timing, as a binary format's length prefixes would say), folded, and held under its id in a map.
   */
  function subFloor(upTo: SubFloor): number {
    const envelopes = floorEnvelopes();
    const spans = upTo === 'least' ? (fieldSpans ??= spansOf(envelopes)) : null;
    const index = new SearchIndex();
    const kept: unknown[] = [];
    const held = new Map<string, { title: string; subtitle: string; text: string }>();
    // Where the item being opened starts in `spans`: one reader for every item, not a closure made per item.
    let at = 0;
    const readFields = (plaintext: Uint8Array) => ({ title: decoder.decode(plaintext.subarray(spans![at], spans![at + 1])), subtitle: decoder.decode(plaintext.subarray(spans![at + 2], spans![at + 3])) });
    const started = performance.now();
    withAeadBatch(vaultKey.expose(), (batch) => {
      for (let i = 0; i < envelopes.length; i++) {
        const { itemId, envelope, aad } = envelopes[i]!;
        if (spans) {
          at = 4 * i;
          const { title, subtitle } = batch.open(EnvelopeKind.PaddedItemOverview, envelope, aad, readFields);
          held.set(itemId, { title, subtitle, text: foldForSearch(`${title}\n${subtitle}`) });
          continue;
        }
        const overview = batch.open(EnvelopeKind.PaddedItemOverview, envelope, aad, parseOverview);
        if (upTo === 'index') index.upsert(itemId, overview as SearchableOverview);
        else kept.push(overview);
      }
    });
    return performance.now() - started;
  }
  /** `served`: the vault as the server lists it and its sealed items, for writing them where unlock reads them back; `forget` drops this copy. */
  return { unlock, floor, subFloor, served, inputs, accountId, accountKey };
}

/** An account's unlock material, as unlock starts from it (the password typed, the Secret Key from the keychain, the rest as the server or the cache hold it). */
export interface UnlockInputs {
  password: string;
  email: string;
  serverSalt: Uint8Array;
  /** The Secret Key, formatted. */
  secretKey: string;
  accountId: string;
  wrappedAccountKey: Uint8Array;
  encryptedKeyset: EncryptedKeyset;
  grant: VaultGrant;
}

export type Unlocked = SearchIndex & { afterDerivationMs: number; afterDerivationCpuMs: number };

/**
 * One unlock: 2SKD, the account key, the keyset, the vault key, then every item through the app's
 * own applyCachedItem into the search index. `checks`: the device state record and the signed
 * vault list, opened and verified as a device does (docs/security-design.md §8.6). Times from the
 * derivation's end to searchable, in wall-clock and in this process's CPU time (the derivation's
 * threads are done by then, so it is the main thread's and the garbage collector's).
 */
export async function unlockFrom(inputs: UnlockInputs, items: readonly HeldRecord[], checks?: { stateRecord: Uint8Array; signedList: Uint8Array }): Promise<Unlocked> {
  const { accountId, grant } = inputs;
  const keys = await deriveAccountKeys({ password: inputs.password, email: inputs.email, serverSalt: inputs.serverSalt, params: PARAMS, secretKey: parseSecretKey(inputs.secretKey) });
  const derived = performance.now();
  const derivedCpu = process.cpuUsage();
  const ak = unwrapAccountKey(inputs.wrappedAccountKey, keys.accountUnlockKey, accountId);
  keys.dispose();
  const ks = decryptKeyset(inputs.encryptedKeyset, ak, accountId);
  const state = checks && openDeviceState(ak, accountId, checks.stateRecord);
  ak.dispose();
  const list = checks && state && verifyVaultList(checks.signedList, ks.signPublicKey, accountId, state.listCounter);
  const vk = openVaultKey(fromWire(grant.sealedVaultKey), grant.vaultId, ks);
  ks.dispose();
  if (list && !isListed(list, grant, vk)) throw new Error('the signed list does not hold the vault');
  const vault = openVaultOf(grant, 'Private', vk, '0');
  const seen = state?.vaults.get(grant.vaultId);
  if (seen) vault.seen = new Map(seen);
  // In turns of 500 items, as the app's load (vault-persistence.ts), without waiting between them.
  for (let at = 0; at < items.length; at += 500) applyCachedItems(vault, items.slice(at, at + 500));
  if (vault.refused.size > 0) throw new Error('an item was refused');
  vk.dispose();
  const cpu = process.cpuUsage(derivedCpu);
  return Object.assign(vault.index, { afterDerivationMs: performance.now() - derived, afterDerivationCpuMs: (cpu.user + cpu.system) / 1000 });
}

/**
 * The encrypted offline cache: per account signed in on this device, what it needs to
 * unlock and show its vault without the sync server, exactly as the server sent it. Nothing
 * here is decrypted: the account state is the KDF parameters, the public keys and two blobs
 * sealed under keys only the password and Secret Key open; the vault is its sealed vault key
 * and each item's two AEAD envelopes. (docs/security-design.md, "Offline cache".)
 *
 *   <data folder>/cache/<account's local uuid>/account.json   the account state (accountStateSchema)
 *   <data folder>/cache/<account's local uuid>/vault.json     the vault, its items (as rows) and the sync cursor
 *
 * Folders are 0700 and files 0600, each written whole to a sibling and renamed over the old
 * one, so a crash leaves the previous copy or the new one, never half of either. Writes to
 * one file run one after another, and a write still waiting for its turn takes the newest
 * contents instead of queueing another, so a burst of saves costs two writes, not one each.
 * A file that is missing, unreadable, of another format or does not match its schema reads as
 * "no cache": the app then needs the server, as on a new device.
 *
 * Plain JSON files rather than SQLite: the cache is read whole at unlock and rewritten whole
 * after a sync, which is one read and one write of a file of a few MB at 10,000 items.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { accountStateSchema, type AccountState } from '../../../shared/server-api/account';
import { vaultSchema, type ItemView, type VaultView } from '../../../shared/server-api/vault';
import { writeFileAtomically } from '../platform/atomic-file';

export const OFFLINE_CACHE_FORMAT = 2;

/** A vault as the cache holds it: live items only (no tombstones), as the server sent them. */
export interface CachedVault {
  vault: Pick<VaultView, 'vaultId' | 'sealedVaultKey'>;
  /** The server's change cursor these items are current to. */
  cursor: string;
  items: ItemView[];
}

/**
 * vault.json: the items as rows `[itemId, version, updatedAt, overview, details]`, since every
 * one is live and in this vault; half the parse time of 10,000 objects with seven keys.
 */
type ItemRow = [itemId: string, version: number, updatedAt: string, overview: string, details: string];
const vaultFileSchema = z.strictObject({
  format: z.literal(OFFLINE_CACHE_FORMAT),
  vault: vaultSchema.pick({ vaultId: true, sealedVaultKey: true }),
  cursor: z.string(),
  // Each row is checked by itemOf: a zod tuple per row would cost more than the rest of the read.
  items: z.array(z.unknown()),
});

const uuid = z.uuid();

const cachedAccountSchema = z.strictObject({ format: z.literal(OFFLINE_CACHE_FORMAT), account: accountStateSchema });

/** Every item the vault service holds is live and was sent for its vault, so the row leaves out `vaultId` and `deleted`. */
function rowOf(item: ItemView): ItemRow {
  if (item.deleted || item.overview === null || item.details === null) throw new Error('The offline cache keeps live items only.');
  return [item.itemId, item.version, item.updatedAt, item.overview, item.details];
}

/** The item a row stands for, or null unless the row is exactly five fields of the right types. */
function itemOf(row: unknown, vaultId: string): ItemView | null {
  if (!Array.isArray(row) || row.length !== 5) return null;
  const [itemId, version, updatedAt, overview, details] = row as unknown[];
  if (typeof itemId !== 'string' || !Number.isSafeInteger(version) || typeof updatedAt !== 'string' || typeof overview !== 'string' || typeof details !== 'string') return null;
  return { vaultId, itemId, version: version as number, deleted: false, overview, details, updatedAt };
}

function decodeVault(json: unknown): CachedVault | null {
  const file = vaultFileSchema.safeParse(json);
  if (!file.success) return null;
  const { vault, cursor, items: rows } = file.data;
  const items: ItemView[] = [];
  for (const row of rows) {
    const item = itemOf(row, vault.vaultId);
    if (!item) return null;
    items.push(item);
  }
  return { vault, cursor, items };
}

function decodeAccount(json: unknown): AccountState | null {
  const file = cachedAccountSchema.safeParse(json);
  return file.success ? file.data.account : null;
}

/** Makes a file's contents when its write starts; null: nothing to write any more. */
type Contents = () => unknown;

export class OfflineCache {
  /** The last write queued per file, so writes to one file never overlap. */
  readonly #writes = new Map<string, Promise<void>>();
  /** The write per file that has not started yet, whose contents a newer write may replace. */
  readonly #waiting = new Map<string, { contents: Contents }>();
  /** A vault read started ahead of time (readVaultAhead), taken by the next readVault. */
  readonly #readAhead = new Map<string, Promise<CachedVault | null>>();

  constructor(readonly root: string) {}

  async readAccount(localUuid: string): Promise<AccountState | null> {
    return this.#read(this.#path(localUuid, 'account.json'), decodeAccount);
  }

  async writeAccount(localUuid: string, account: AccountState): Promise<void> {
    return this.#write(localUuid, 'account.json', () => ({ format: OFFLINE_CACHE_FORMAT, account }));
  }

  readVault(localUuid: string): Promise<CachedVault | null> {
    const path = this.#path(localUuid, 'vault.json');
    const ahead = this.#readAhead.get(path);
    this.#readAhead.delete(path);
    return ahead ?? this.#read(path, decodeVault);
  }

  /**
   * Starts reading the vault file now for the readVault that will follow (unlocking runs this
   * during the key derivation, which leaves the JS thread idle). Only the newest read ahead
   * is kept, and any write to the file drops it, so readVault never answers stale contents.
   */
  readVaultAhead(localUuid: string): void {
    const path = this.#path(localUuid, 'vault.json');
    this.#readAhead.set(path, this.#read(path, decodeVault));
  }

  /** `snapshot` is taken when the write starts (the newest state by then); null skips it. */
  async writeVault(localUuid: string, snapshot: () => CachedVault | null): Promise<void> {
    return this.#write(localUuid, 'vault.json', () => {
      const cached = snapshot();
      return cached && { format: OFFLINE_CACHE_FORMAT, vault: cached.vault, cursor: cached.cursor, items: cached.items.map(rowOf) };
    });
  }

  /** Forgets the account's cache (at sign-out), after any write still under way. */
  async remove(localUuid: string): Promise<void> {
    const folder = this.#folder(localUuid);
    for (const path of this.#readAhead.keys()) if (path.startsWith(folder)) this.#readAhead.delete(path);
    await Promise.all([...this.#writes.entries()].filter(([path]) => path.startsWith(folder)).map(([, write]) => write));
    await rm(folder, { recursive: true, force: true });
  }

  async #read<T>(path: string, decode: (json: unknown) => T | null): Promise<T | null> {
    // After any write under way; a failed one left the previous file, which is still right to read.
    await this.#writes.get(path)?.catch(() => undefined);
    try {
      // Bytes, then one decode of the whole file: reading as text decodes it chunk by chunk, a third slower.
      return decode(JSON.parse((await readFile(path)).toString('utf8')));
    } catch {
      return null;
    }
  }

  #write(localUuid: string, name: string, contents: Contents): Promise<void> {
    const folder = this.#folder(localUuid);
    const path = join(folder, name);
    this.#readAhead.delete(path);
    const waiting = this.#waiting.get(path);
    if (waiting) {
      waiting.contents = contents;
      return this.#writes.get(path)!;
    }
    const entry = { contents };
    this.#waiting.set(path, entry);
    const write = (this.#writes.get(path) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        this.#waiting.delete(path);
        const value = entry.contents();
        if (value === null) return;
        await mkdir(this.root, { recursive: true, mode: 0o700 });
        await mkdir(folder, { recursive: true, mode: 0o700 });
        await writeFileAtomically(path, Buffer.from(JSON.stringify(value)));
      });
    this.#writes.set(path, write);
    void write.finally(() => this.#writes.get(path) === write && this.#writes.delete(path)).catch(() => undefined);
    return write;
  }

  #path(localUuid: string, name: string): string {
    return join(this.#folder(localUuid), name);
  }

  #folder(localUuid: string): string {
    // The uuid names a folder: refuse anything else, so no path can climb out of the cache.
    return join(this.root, uuid.parse(localUuid));
  }
}

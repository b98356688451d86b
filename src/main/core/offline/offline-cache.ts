/**
 * The encrypted offline cache: per account signed in on this device, what it needs to
 * unlock and show its vault without the sync server, exactly as the server sent it. Nothing
 * here is decrypted: the account state is the KDF parameters, the public keys and two blobs
 * sealed under keys only the password and Secret Key open; the vault is its sealed vault key
 * and each item's two AEAD envelopes. (docs/security-design.md, "Offline cache".)
 *
 *   <data folder>/cache/<account's local uuid>/account.json            the account state (accountStateSchema)
 *   <data folder>/cache/<account's local uuid>/vaults/<vault id>.json  one vault each, JSON Lines: its grant and sync cursor, then one row per item
 *   <data folder>/device-state/<account's local uuid>.bin              the device state record (device-state-store.ts): beside the
 *                                                                      cache, so deleting the cache forgets nothing seen; sign-out removes it
 *
 * Folders are 0700 and files 0600, each written whole to a sibling and renamed over the old
 * one, so a crash leaves the previous copy or the new one, never half of either. Writes to
 * one file run one after another, and a write still waiting for its turn takes the newest
 * contents instead of queueing another, so a burst of saves costs two writes, not one each.
 * A file that is missing, unreadable, of another format or does not match its schema reads as
 * "no cache": the app then needs the server, as on a new device.
 *
 * Plain files rather than SQLite: the cache is read whole at unlock and rewritten whole after a
 * sync, one read and one write of 8 MB at 10,000 items. A vault file is JSON Lines (format 3),
 * each line parsed on its own: 100,000 items (80 MB) are never one JSON text to parse at once.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { accountStateSchema, type AccountState } from '../../../shared/server-api/account';
import { id16, vaultSchema, type ItemView, type VaultView } from '../../../shared/server-api/vault';
import { writeFileAtomically } from '../platform/atomic-file';
import { DeviceStateStore } from './device-state-store';

/**
 * 3: a vault file is JSON Lines, a header `{format, vault, cursor, rows}` then `rows` lines of one row each; still
 * read: 2, the same in one JSON object (`items`: the rows). Format 1 (one `vault.json`, items as
 * objects) is no longer read. The account file is one JSON object of format 2 or 3.
 */
export const OFFLINE_CACHE_FORMAT = 3;
const ONE_OBJECT_FORMAT = 2;

/** A vault as the cache holds it: live items only (no tombstones), as the server sent them. */
export interface CachedVault {
  /** The vault as the server lists it to this account (its grant, kind, role and encrypted name). */
  vault: Omit<VaultView, 'createdAt'>;
  /** The server's change cursor these items are current to. */
  cursor: string;
  items: ItemView[];
}

/**
 * A vault file's items are rows `[itemId, version, updatedAt, overview, details]`, since every
 * one is live and in this vault; half the parse time of 10,000 objects with seven keys.
 */
type ItemRow = [itemId: string, version: number, updatedAt: string, overview: string, details: string];
const vaultHeader = { vault: vaultSchema.omit({ createdAt: true }), cursor: z.string() };
/** `rows`: how many lines follow, so a file cut at a line's end does not read as a vault with fewer items. */
const vaultLinesHeaderSchema = z.strictObject({ format: z.literal(OFFLINE_CACHE_FORMAT), ...vaultHeader, rows: z.number().int().nonnegative() });
const vaultFileSchema = z.strictObject({
  format: z.literal(ONE_OBJECT_FORMAT),
  ...vaultHeader,
  // Each row is checked by itemOf: a zod tuple per row would cost more than the rest of the read.
  items: z.array(z.unknown()),
});

const uuid = z.uuid();

const cachedAccountSchema = z.strictObject({ format: z.union([z.literal(ONE_OBJECT_FORMAT), z.literal(OFFLINE_CACHE_FORMAT)]), account: accountStateSchema });

/** Every item the vault service holds is live and was sent for its vault, so the row leaves out `vaultId`, `deleted` and `deletionMarker`. */
function rowOf(item: ItemView): ItemRow {
  if (item.deleted || item.overview === null || item.details === null) throw new Error('The offline cache keeps live items only.');
  return [item.itemId, item.version, item.updatedAt, item.overview, item.details];
}

/** The item a row stands for, or null unless the row is exactly five fields of the right types. */
function itemOf(row: unknown, vaultId: string): ItemView | null {
  if (!Array.isArray(row) || row.length !== 5) return null;
  const [itemId, version, updatedAt, overview, details] = row as unknown[];
  if (typeof itemId !== 'string' || !Number.isSafeInteger(version) || typeof updatedAt !== 'string' || typeof overview !== 'string' || typeof details !== 'string') return null;
  return { vaultId, itemId, version: version as number, deleted: false, overview, details, deletionMarker: null, updatedAt };
}

/** A vault file of format 3 (JSON Lines: the header, then a row a line) or 2 (one object); throws on anything else. */
function decodeVault(bytes: Buffer): CachedVault | null {
  const lines = splitLines(bytes);
  const first = JSON.parse(lines[0] ?? '') as unknown;
  const header = vaultLinesHeaderSchema.safeParse(first);
  if (header.success) return header.data.rows === lines.length - 1 ? vaultOf(header.data, lines.slice(1).map((line) => JSON.parse(line) as unknown)) : null;
  const file = vaultFileSchema.safeParse(first);
  return file.success && lines.length === 1 ? vaultOf(file.data, file.data.items) : null;
}

/** Each line's text, decoded on its own (no string of the whole file); a last line need not end with a newline. */
function splitLines(bytes: Buffer): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end !== -1; start = end + 1, end = bytes.indexOf(0x0a, start)) lines.push(bytes.toString('utf8', start, end));
  if (start < bytes.length) lines.push(bytes.toString('utf8', start));
  return lines;
}

function vaultOf({ vault, cursor }: Omit<CachedVault, 'items'>, rows: unknown[]): CachedVault | null {
  const items: ItemView[] = [];
  for (const row of rows) {
    const item = itemOf(row, vault.vaultId);
    if (!item) return null;
    items.push(item);
  }
  return { vault, cursor, items };
}

/** The vault file's text: the header line, then one line per row (JSON never holds a raw newline). */
function vaultLines(cached: CachedVault): string {
  const header = JSON.stringify({ format: OFFLINE_CACHE_FORMAT, vault: cached.vault, cursor: cached.cursor, rows: cached.items.length });
  return `${[header, ...cached.items.map((item) => JSON.stringify(rowOf(item)))].join('\n')}\n`;
}

function decodeAccount(bytes: Buffer): AccountState | null {
  const file = cachedAccountSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  return file.success ? file.data.account : null;
}

/** Makes a file's text when its write starts; null: nothing to write any more. */
type Contents = () => string | null;

export class OfflineCache {
  /** The last write queued per file, so writes to one file never overlap. */
  readonly #writes = new Map<string, Promise<void>>();
  /** The write per file that has not started yet, whose contents a newer write may replace. */
  readonly #waiting = new Map<string, { contents: Contents }>();
  /** The vault files' read started ahead of time (readVaultsAhead), taken by the next readVaults; keyed by the vaults folder. */
  readonly #readAhead = new Map<string, Promise<CachedVault[]>>();

  /** The device state records, one store for every writer (one queue of writes per account). */
  readonly deviceState: DeviceStateStore;

  constructor(readonly root: string) {
    this.deviceState = new DeviceStateStore(join(dirname(root), 'device-state'));
  }

  async readAccount(localUuid: string): Promise<AccountState | null> {
    return this.#read(this.#path(localUuid, 'account.json'), decodeAccount);
  }

  async writeAccount(localUuid: string, account: AccountState): Promise<void> {
    return this.#write(this.#path(localUuid, 'account.json'), () => JSON.stringify({ format: OFFLINE_CACHE_FORMAT, account }));
  }

  /** Every vault cached for the account; a file that does not read as a vault is left out. */
  async readVaults(localUuid: string): Promise<CachedVault[]> {
    const folder = this.#vaultsFolder(localUuid);
    const ahead = this.#readAhead.get(folder);
    this.#readAhead.delete(folder);
    return ahead ?? this.#readVaultFiles(folder);
  }

  /**
   * Starts reading the vault files now for the readVaults that will follow (unlocking runs this
   * during the key derivation, which leaves the JS thread idle). Only the newest read ahead
   * is kept, and any write to a vault file drops it, so readVaults never answers stale contents.
   */
  readVaultsAhead(localUuid: string): void {
    const folder = this.#vaultsFolder(localUuid);
    this.#readAhead.set(folder, this.#readVaultFiles(folder));
  }

  /** `snapshot` is taken when the write starts (the newest state by then); null skips it. */
  async writeVault(localUuid: string, vaultId: string, snapshot: () => CachedVault | null): Promise<void> {
    return this.#write(this.#vaultPath(localUuid, vaultId), () => {
      const cached = snapshot();
      return cached && vaultLines(cached);
    });
  }

  /** Forgets one vault (this account lost access to it), after any write to it still under way. */
  async removeVault(localUuid: string, vaultId: string): Promise<void> {
    const path = this.#vaultPath(localUuid, vaultId);
    this.#readAhead.delete(this.#vaultsFolder(localUuid));
    await this.#writes.get(path)?.catch(() => undefined);
    await rm(path, { force: true });
  }

  /** Forgets the account's cache and device state record (at sign-out), after any write still under way. */
  async remove(localUuid: string): Promise<void> {
    await this.deviceState.remove(localUuid);
    const folder = this.#folder(localUuid);
    for (const path of this.#readAhead.keys()) if (path.startsWith(folder)) this.#readAhead.delete(path);
    await Promise.all([...this.#writes.entries()].filter(([path]) => path.startsWith(folder)).map(([, write]) => write));
    await rm(folder, { recursive: true, force: true });
  }

  async #readVaultFiles(folder: string): Promise<CachedVault[]> {
    const names = (await readdir(folder).catch(() => [])).filter((name) => name.endsWith('.json'));
    const vaults = await Promise.all(names.map((name) => this.#read(join(folder, name), decodeVault)));
    // A file must hold the vault its name says, or it could stand in for another.
    return vaults.filter((vault, index): vault is CachedVault => vault !== null && `${vault.vault.vaultId}.json` === names[index]);
  }

  async #read<T>(path: string, decode: (bytes: Buffer) => T | null): Promise<T | null> {
    // After any write under way; a failed one left the previous file, which is still right to read.
    await this.#writes.get(path)?.catch(() => undefined);
    try {
      // Bytes, then decoded whole or line by line: reading as text decodes it chunk by chunk, a third slower.
      return decode(await readFile(path));
    } catch {
      return null;
    }
  }

  #write(path: string, contents: Contents): Promise<void> {
    const folder = dirname(path);
    this.#readAhead.delete(folder);
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
        // Every folder it makes (cache, account, vaults) is made owner-only.
        await mkdir(folder, { recursive: true, mode: 0o700 });
        await writeFileAtomically(path, Buffer.from(value));
      });
    this.#writes.set(path, write);
    void write.finally(() => this.#writes.get(path) === write && this.#writes.delete(path)).catch(() => undefined);
    return write;
  }

  #path(localUuid: string, name: string): string {
    return join(this.#folder(localUuid), name);
  }

  #vaultsFolder(localUuid: string): string {
    return join(this.#folder(localUuid), 'vaults');
  }

  #vaultPath(localUuid: string, vaultId: string): string {
    // The id names a file: refuse anything else, so no path can climb out of the cache.
    return join(this.#vaultsFolder(localUuid), `${id16.parse(vaultId)}.json`);
  }

  #folder(localUuid: string): string {
    // The uuid names a folder: refuse anything else, so no path can climb out of the cache.
    return join(this.root, uuid.parse(localUuid));
  }
}


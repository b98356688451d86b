/**
 * The encrypted offline cache: per account signed in on this device, what it needs to
 * unlock and show its vault without the sync server, exactly as the server sent it. Nothing
 * here is decrypted: the account state is the KDF parameters, the public keys and two blobs
 * sealed under keys only the password and Secret Key open; the vault is its sealed vault key
 * and each item's two AEAD envelopes. (docs/security-design.md, "Offline cache".)
 *
 *   <data folder>/cache/<account's local uuid>/account.json            the account state (accountStateSchema)
 *   <data folder>/cache/<account's local uuid>/vaults/<vault id>.vault one vault each (vault-file.ts): its grant and sync cursor, then one binary record per item
 *   <data folder>/cache/<account's local uuid>/vaults/<vault id>.titles its title index (title-index.ts): keyed hashes, for `item get TITLE`
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
 * sync, one read and one write of 6.5 MB at 10,000 items. A vault file is binary (format 4): its
 * records are walked a mebibyte at a time and left in the file, which stays open for reading
 * them back (held-record.ts) until the vault that holds them closes; a write given `adopt`
 * hands its new file (opened before it is renamed into place) to the vault, its records moved
 * there.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { accountStateSchema, type AccountState } from '../../../shared/server-api/account';
import { id16 } from '../../../shared/server-api/vault';
import { writeFileAtomically } from '../platform/atomic-file';
import { DeviceStateStore } from './device-state-store';
import { RecordFile } from './held-record';
import { encodeVaultFile, placeRecords, readVaultFile, readVaultHeader, type CachedVault } from './vault-file';

export type { CachedVault };

/** The account file: one JSON object, `{format, account}`, of format 2 or 3 (the same object). */
export const OFFLINE_CACHE_FORMAT = 3;
const ONE_OBJECT_FORMAT = 2;
/** A vault's file: format 4 (binary, vault-file.ts) is `<vaultId>.vault`; formats 2 and 3 were `<vaultId>.json`, still read when no `.vault` is there. */
const VAULT_FILE = '.vault';
const OLD_VAULT_FILE = '.json';
const TITLE_INDEX_FILE = '.titles';

const uuid = z.uuid();

const cachedAccountSchema = z.strictObject({ format: z.union([z.literal(ONE_OBJECT_FORMAT), z.literal(OFFLINE_CACHE_FORMAT)]), account: accountStateSchema });

function decodeAccount(bytes: Buffer): AccountState | null {
  const file = cachedAccountSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  return file.success ? file.data.account : null;
}

/** Makes a file's bytes (in chunks, made as they are written) when its write starts, and what to do once they are written, before the rename; null: nothing to write any more. */
type Contents = () => { chunks: Iterable<Uint8Array>; written?: (partial: string) => Promise<void> } | null;

/**
 * What a vault write takes when it starts. `adopt`: given the new file once it is written, the records moved into it
 * (read from there from now on); the vault then owns it (and closes the one before). Without it, the records stay where
 * they were.
 */
export interface VaultSnapshot extends Omit<CachedVault, 'file'> {
  adopt?: (file: RecordFile) => void;
}

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
    return this.#write(this.#path(localUuid, 'account.json'), () => ({ chunks: [Buffer.from(JSON.stringify({ format: OFFLINE_CACHE_FORMAT, account }))] }));
  }

  /** Every vault cached for the account, each with its file open (the caller closes it); a file that does not read as a vault is left out. */
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
    this.#dropReadAhead(folder);
    this.#readAhead.set(folder, this.#readVaultFiles(folder));
  }

  /** `snapshot` is taken when the write starts (the newest state by then); null skips it. */
  async writeVault(localUuid: string, vaultId: string, snapshot: () => VaultSnapshot | null): Promise<void> {
    return this.#write(this.#vaultPath(localUuid, vaultId), () => {
      const cached = snapshot();
      if (!cached) return null;
      const { chunks, recordsAt } = encodeVaultFile(cached);
      const { adopt } = cached;
      if (!adopt) return { chunks };
      return {
        chunks,
        written: async (partial) => {
          const file = await RecordFile.open(partial);
          placeRecords(cached.items, file, recordsAt);
          adopt(file);
        },
      };
    });
  }

  /** The vault's title index (title-index.ts), as bytes; null when there is none. */
  async readTitleIndex(localUuid: string, vaultId: string): Promise<Buffer | null> {
    return this.#read(this.#vaultPath(localUuid, vaultId, TITLE_INDEX_FILE), (bytes) => bytes);
  }

  /** `contents` is made when the write starts; null skips it. */
  async writeTitleIndex(localUuid: string, vaultId: string, contents: () => Buffer | null): Promise<void> {
    return this.#write(this.#vaultPath(localUuid, vaultId, TITLE_INDEX_FILE), () => {
      const bytes = contents();
      return bytes && { chunks: [bytes] };
    });
  }

  /** Forgets one vault (this account lost access to it), after any write to it still under way. */
  async removeVault(localUuid: string, vaultId: string): Promise<void> {
    const paths = [VAULT_FILE, OLD_VAULT_FILE, TITLE_INDEX_FILE].map((extension) => this.#vaultPath(localUuid, vaultId, extension));
    this.#dropReadAhead(this.#vaultsFolder(localUuid));
    await Promise.all(paths.map((path) => this.#writes.get(path)?.catch(() => undefined)));
    await Promise.all(paths.map((path) => rm(path, { force: true })));
  }

  /** Forgets the account's cache and device state record (at sign-out), after any write still under way. */
  async remove(localUuid: string): Promise<void> {
    await this.deviceState.remove(localUuid);
    const folder = this.#folder(localUuid);
    for (const path of this.#readAhead.keys()) if (path.startsWith(folder)) this.#dropReadAhead(path);
    await Promise.all([...this.#writes.entries()].filter(([path]) => path.startsWith(folder)).map(([, write]) => write));
    await rm(folder, { recursive: true, force: true });
  }

  /**
   * Each cached vault and the cursor it is current to, from the files' headers alone (vault-file.ts, readVaultHeader); null
   * when a file is not of format 4 or does not hold the vault its name says, so only reading it whole can tell.
   */
  async readVaultHeaders(localUuid: string): Promise<Pick<CachedVault, 'vault' | 'cursor'>[] | null> {
    const { names, read } = await this.#vaultFiles(this.#vaultsFolder(localUuid), readVaultHeader);
    return read.every((header, index) => header !== null && names[index] === header.vault.vaultId + VAULT_FILE) ? (read as Pick<CachedVault, 'vault' | 'cursor'>[]) : null;
  }

  async #readVaultFiles(folder: string): Promise<CachedVault[]> {
    const { names, read: vaults } = await this.#vaultFiles(folder, readVaultFile);
    // A file must hold the vault its name says, or it could stand in for another.
    const named = (vault: CachedVault, index: number) => [VAULT_FILE, OLD_VAULT_FILE].some((extension) => names[index] === vault.vault.vaultId + extension);
    for (const [index, vault] of vaults.entries()) if (vault && !named(vault, index)) vault.file?.close();
    return vaults.filter((vault, index): vault is CachedVault => vault !== null && named(vault, index));
  }

  /** Each vault file's name in the folder (a format-4 file, else the older one of its vault), and what `read` made of it, after any write under way (as #read). */
  async #vaultFiles<T>(folder: string, read: (path: string) => Promise<T>): Promise<{ names: string[]; read: T[] }> {
    const all = await readdir(folder).catch((): string[] => []);
    const names = all.filter((name) => name.endsWith(VAULT_FILE) || (name.endsWith(OLD_VAULT_FILE) && !all.includes(name.slice(0, -OLD_VAULT_FILE.length) + VAULT_FILE)));
    const contents = await Promise.all(
      names.map(async (name) => {
        const path = join(folder, name);
        await this.#writes.get(path)?.catch(() => undefined);
        return read(path);
      }),
    );
    return { names, read: contents };
  }

  /** Forgets the read ahead of a folder, closing the files it opened. */
  #dropReadAhead(folder: string): void {
    void this.#readAhead.get(folder)?.then((vaults) => vaults.forEach((vault) => vault.file?.close()));
    this.#readAhead.delete(folder);
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
    this.#dropReadAhead(folder);
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
        await writeFileAtomically(path, value.chunks, value.written);
        // A format-4 vault file replaces the format-3 one, which goes once the new one is in place.
        if (path.endsWith(VAULT_FILE)) await rm(path.slice(0, -VAULT_FILE.length) + OLD_VAULT_FILE, { force: true });
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

  #vaultPath(localUuid: string, vaultId: string, extension = VAULT_FILE): string {
    // The id names a file: refuse anything else, so no path can climb out of the cache.
    return join(this.#vaultsFolder(localUuid), `${id16.parse(vaultId)}${extension}`);
  }

  #folder(localUuid: string): string {
    // The uuid names a folder: refuse anything else, so no path can climb out of the cache.
    return join(this.root, uuid.parse(localUuid));
  }
}


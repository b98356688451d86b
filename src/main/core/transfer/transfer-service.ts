/**
 * Import and export in the main process. The files come from the host's own dialogs (a path is
 * never taken from the renderer); an import is read and checked whole first (a refusal imports
 * nothing), previewed, then created through the vault service, which encrypts each item like
 * any other and uploads them in batches, with progress and a Cancel between batches. What an
 * import holds in memory goes when its account locks. An export needs a password check of the
 * last 5 minutes and is written atomically, owner-only, where the user chose.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { ImportPreview } from '../../../shared/ipc/channels/transfer';
import { IpcError } from '../../../shared/ipc/result';
import type { FileKind } from '../../../shared/ipc/host-dialogs';
import type { ItemFields } from '../../../shared/vault/item-fields';
import { writeChosenFile } from '../platform/atomic-file';
import type { OpenDialogPort, SaveDialogPort } from '../platform/ports';
import { withoutDuplicates } from './duplicates';
import { exportCsv } from './export/csv-export';
import { ImportError } from './import/import-error';
import { readImportFile } from './import/import-file';
import type { ParseImport } from './import/parse-off-thread';

/** What the transfer needs of the vaults (the vault service). */
export interface TransferVaults {
  allItemFields(accountId: string, vaultId: string): Promise<{ itemId: string; fields: ItemFields }[]>;
  createItems(accountId: string, vaultId: string, items: readonly ItemFields[], options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void }): Promise<number>;
}

export interface TransferDependencies {
  vaults: TransferVaults;
  openDialog: OpenDialogPort;
  saveDialog: SaveDialogPort;
  /** Throws 'reauth-required' unless the account password was checked in the last 5 minutes. */
  requireFreshPassword(accountId: string): void;
  /** Registers a callback for when an account locks (or signs out). */
  onLock(listener: (accountId: string) => void): void;
  progress(importId: string, done: number, total: number): void;
  /** Opens the file: in a worker thread in the hosts (import/parse-off-thread.ts). */
  parse: ParseImport;
}

interface PendingImport {
  accountId: string;
  vaultId: string;
  items: ItemFields[];
  duplicates: number;
  running?: AbortController;
}

const importKinds: FileKind[] = [{ name: 'Password exports', extensions: ['kdbx', '1pux', 'json', 'csv'] }];
const newId = () => randomBytes(16).toString('base64url');

export class TransferService {
  readonly #files = new Map<string, string>();
  readonly #imports = new Map<string, PendingImport>();

  constructor(private readonly deps: TransferDependencies) {
    deps.onLock((accountId) => {
      for (const [importId, pending] of this.#imports) {
        if (pending.accountId !== accountId) continue;
        pending.running?.abort();
        this.#imports.delete(importId);
      }
    });
  }

  /** Shows the open dialog; the path stays here, the renderer gets an id and the file's name. */
  async chooseFile(purpose: 'import' | 'key-file'): Promise<{ status: 'chosen'; fileId: string; name: string } | { status: 'cancelled' }> {
    const path = await this.deps.openDialog.chooseOpenPath(purpose === 'import' ? { title: 'Choose the file to import', fileKinds: importKinds } : { title: 'Choose the key file', fileKinds: [] });
    if (path === null) return { status: 'cancelled' };
    const fileId = newId();
    this.#files.set(fileId, path);
    return { status: 'chosen', fileId, name: basename(path).slice(0, 255) };
  }

  /** Reads and checks the whole file; answers what an import would bring in. */
  async preview(request: { accountId: string; vaultId: string; fileId: string; password?: string | undefined; keyFileId?: string | undefined }): Promise<ImportPreview> {
    const bytes = await this.#read(request.fileId);
    const keyFile = request.keyFileId === undefined ? undefined : await this.#read(request.keyFileId);
    const secrets = request.password === undefined ? undefined : { password: request.password, ...(keyFile && { keyFile }) };
    let result;
    try {
      result = await this.deps.parse(bytes, secrets);
    } catch (error) {
      throw refusal(error);
    } finally {
      bytes.fill(0);
      keyFile?.fill(0);
    }
    const existing = (await this.deps.vaults.allItemFields(request.accountId, request.vaultId)).map((item) => item.fields);
    const { toImport, duplicates } = withoutDuplicates(result.items, existing);
    const importId = newId();
    this.#imports.set(importId, { accountId: request.accountId, vaultId: request.vaultId, items: toImport, duplicates });
    return { importId, format: result.format, counts: result.counts, unmapped: result.unmapped, duplicates, toImport: toImport.length };
  }

  /** Creates the previewed items; Cancel stops between batches (what was uploaded stays, and a new run skips it). */
  async run(importId: string): Promise<{ status: 'done' | 'cancelled'; created: number; skipped: number }> {
    const pending = this.#pending(importId);
    if (pending.running) throw new IpcError('bad-request', 'This import is already running.');
    const controller = new AbortController();
    pending.running = controller;
    try {
      const total = pending.items.length;
      this.deps.progress(importId, 0, total);
      const created = await this.deps.vaults.createItems(pending.accountId, pending.vaultId, pending.items, {
        signal: controller.signal,
        onProgress: (done) => this.deps.progress(importId, done, total),
      });
      return { status: created < total ? 'cancelled' : 'done', created, skipped: pending.duplicates };
    } finally {
      this.#imports.delete(importId);
    }
  }

  cancel(importId: string): void {
    const pending = this.#imports.get(importId);
    if (!pending) return;
    if (pending.running) pending.running.abort();
    else this.#imports.delete(importId);
  }

  /** Writes the vault's items where the user chooses: KDBX 4 locked with the file password, or CSV. */
  async export(request: { accountId: string; vaultId: string; format: 'kdbx' | 'csv'; filePassword?: string }): Promise<{ status: 'saved'; path: string } | { status: 'cancelled' }> {
    this.deps.requireFreshPassword(request.accountId);
    const kdbx = request.format === 'kdbx';
    const path = await this.deps.saveDialog.chooseSavePath({
      title: kdbx ? 'Export to a KeePass file' : 'Export to an unencrypted CSV file',
      suggestedName: `Latchkey export.${request.format}`,
      fileKind: kdbx ? { name: 'KeePass database', extensions: ['kdbx'] } : { name: 'CSV', extensions: ['csv'] },
    });
    if (path === null) return { status: 'cancelled' };
    const items = (await this.deps.vaults.allItemFields(request.accountId, request.vaultId)).map((item) => item.fields);
    // kdbxweb loads with the first KeePass export, not with every start.
    await writeChosenFile(path, kdbx ? await (await import('./export/kdbx-export')).exportKdbx(items, request.filePassword ?? '') : exportCsv(items));
    return { status: 'saved', path };
  }

  async #read(fileId: string): Promise<Uint8Array> {
    const path = this.#files.get(fileId);
    if (path === undefined) throw new IpcError('bad-request', 'Choose the file again.');
    try {
      return await readImportFile(path);
    } catch (error) {
      throw refusal(error);
    }
  }

  #pending(importId: string): PendingImport {
    const pending = this.#imports.get(importId);
    if (!pending) throw new IpcError('bad-request', 'This import is over or was cancelled. Choose the file again.');
    return pending;
  }
}

/** An import refused for its file: the words for the screen, under the import's own code. */
function refusal(error: unknown): unknown {
  return error instanceof ImportError ? new IpcError('import-refused', error.message, { reason: error.code }) : error;
}

/**
 * Import and export through the real main core, as the renderer calls it, against a real sync
 * server (SQLite): the file comes from the host's open dialog (a stand-in that answers the
 * path, as the browser host's sheet would), items are encrypted and uploaded in batches with
 * progress events; importing the same file again adds nothing; a Cancel leaves exactly the
 * items of the batches sent, and the next run brings in only the rest; a refused file changes
 * nothing. The export needs a fresh password check, is written owner-only where the save
 * dialog said and nowhere else, and keepassxc-cli opens it and lists every item.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HostPorts } from '../../../src/main/core/platform/ports';
import type { EventOf } from '../../../src/shared/ipc/events';
import { noPorts, PASSWORD, useDesktopServer, type Ipc } from './desktop-devices';
import { workerFromSource } from '../../support/worker-url';

const desktop = useDesktopServer('transfer');
const EMAIL = 'ivy@example.com';

/** A Bitwarden JSON export of `count` logins named `${prefix} n`. */
function bitwardenFile(path: string, prefix: string, count: number): string {
  const items = Array.from({ length: count }, (_, n) => ({ type: 1, name: `${prefix} ${n}`, notes: null, favorite: false, login: { username: `user${n}`, password: `pw-${prefix}-${n}`, uris: [{ uri: `https://${n}.example` }] } }));
  writeFileSync(path, JSON.stringify({ encrypted: false, folders: [], items }));
  return path;
}

let ipc: Ipc;
let accountId: string;
let vaultId: string;
let files: string;
let exports: string;
const opens: string[] = [];
const saves: string[] = [];
const progress: EventOf<'import.progress'>[] = [];
let onProgress: (event: EventOf<'import.progress'>) => void = () => undefined;

const itemCount = async () => (await ipc('vault.show', { accountId, vaultId })).total;
async function preview(path: string, password?: string) {
  opens.push(path);
  const chosen = await ipc('transfer.chooseFile', { purpose: 'import' });
  if (chosen.status !== 'chosen') throw new Error('the open dialog was cancelled');
  return ipc('transfer.previewImport', { accountId, vaultId, fileId: chosen.fileId, ...(password !== undefined && { password }) });
}

beforeAll(async () => {
  files = desktop.folder('files');
  exports = desktop.folder('exports');
  const ports: HostPorts = {
    ...noPorts,
    openDialog: { chooseOpenPath: async () => opens.shift() ?? null },
    saveDialog: { chooseSavePath: async () => saves.shift() ?? null },
  };
  // Files are parsed in a worker thread, as the hosts do (import/parse-off-thread.ts).
  const device = await desktop.device({ ports, importWorker: workerFromSource('import-parser') });
  device.core.events.connect((name, payload) => {
    if (name !== 'import.progress') return;
    progress.push(payload as EventOf<'import.progress'>);
    onProgress(payload as EventOf<'import.progress'>);
  });
  ipc = device.ipc;
  accountId = (await desktop.signUp(ipc, EMAIL)).account.accountId;
  vaultId = (await ipc('vault.open', { accountId })).vaultId;
}, 120_000);

describe('import', () => {
  it('imports a file in batches with progress, and a second run adds nothing', async () => {
    const path = bitwardenFile(join(files, 'bitwarden.json'), 'Site', 1200);
    const first = await preview(path);
    expect(first).toMatchObject({ format: 'bitwarden-json', counts: { login: 1200 }, duplicates: 0, toImport: 1200 });
    progress.length = 0;
    expect(await ipc('transfer.runImport', { importId: first.importId })).toEqual({ status: 'done', created: 1200, skipped: 0 });
    expect(progress.map((event) => event.done)).toEqual([0, 500, 1000, 1200]);
    expect(await itemCount()).toBe(1200);
    const again = await preview(path);
    expect(again).toMatchObject({ duplicates: 1200, toImport: 0 });
    expect(await ipc('transfer.runImport', { importId: again.importId })).toEqual({ status: 'done', created: 0, skipped: 1200 });
    expect(await itemCount()).toBe(1200);
  }, 180_000);

  it('a Cancel keeps exactly the batches sent, and the next run brings in only the rest', async () => {
    const path = bitwardenFile(join(files, 'more.json'), 'More', 1500);
    const pending = await preview(path);
    onProgress = (event) => {
      if (event.done >= 500) void ipc('transfer.cancelImport', { importId: pending.importId });
    };
    const stopped = await ipc('transfer.runImport', { importId: pending.importId });
    onProgress = () => undefined;
    expect(stopped.status).toBe('cancelled');
    expect(stopped.created).toBeGreaterThanOrEqual(500);
    expect(stopped.created).toBeLessThan(1500);
    expect(await itemCount()).toBe(1200 + stopped.created);
    const rest = await preview(path);
    expect(rest).toMatchObject({ duplicates: stopped.created, toImport: 1500 - stopped.created });
    expect(await ipc('transfer.runImport', { importId: rest.importId })).toMatchObject({ status: 'done', created: 1500 - stopped.created });
    expect(await itemCount()).toBe(2700);
  }, 180_000);

  it('a refused file says why and changes nothing; a used import cannot be run twice', async () => {
    const bad = join(files, 'bad.csv');
    writeFileSync(bad, Buffer.from([...Buffer.from('name,url,username,password\nCaf'), 0xe9, ...Buffer.from(',https://x.example,u,p\n')]));
    await expect(preview(bad)).rejects.toThrow(/not UTF-8/);
    await expect(ipc('transfer.runImport', { importId: 'bm90LWEtcmVhbC1pbXBvcnQ' })).rejects.toThrow(/over or was cancelled/);
    expect(await itemCount()).toBe(2700);
  });
});

describe('export', () => {
  it('needs the password checked again, then writes a KDBX file that keepassxc-cli opens with every item', async () => {
    const path = join(exports, 'vault.kdbx');
    saves.push(path);
    // Sign-up checked the password; locking drops that check, and unlocking does not give it back.
    await ipc('account.lock', { accountId });
    await ipc('account.unlock', { accountId, password: PASSWORD });
    await ipc('vault.open', { accountId });
    await expect(ipc('transfer.export', { accountId, vaultId, format: 'kdbx', filePassword: 'file pw' })).rejects.toThrow(/password again/);
    expect(saves).toEqual([path]);
    await ipc('secretKey.reveal', { accountId, password: PASSWORD });
    expect(await ipc('transfer.export', { accountId, vaultId, format: 'kdbx', filePassword: 'file pw' })).toEqual({ status: 'saved', path });
    expect(readdirSync(exports)).toEqual(['vault.kdbx']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const listed = execFileSync('keepassxc-cli', ['ls', '-R', '-f', path], { input: 'file pw\n', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean);
    expect(listed).toHaveLength(2700);
    expect(new Set(listed)).toEqual(new Set([...Array.from({ length: 1200 }, (_, n) => `Site ${n}`), ...Array.from({ length: 1500 }, (_, n) => `More ${n}`)]));
  }, 180_000);
});

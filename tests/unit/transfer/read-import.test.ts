/**
 * Reading the file the user chose: one over 100 MB is refused before it is read (a sparse file
 * of that size is made here), as are bytes over the limit handed in directly, an empty file,
 * a folder and a path that does not exist; detection goes by content, not name.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IMPORT_MAX_BYTES, readImportFile } from '../../../src/main/core/transfer/import/import-file';
import { containerOf, parseImport } from '../../../src/main/core/transfer/import/read-import';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading an import file', () => {
  it('refuses a file over 100 MB without reading it', async () => {
    const path = join(dir, 'huge.csv');
    writeFileSync(path, 'name,url,username,password\n');
    truncateSync(path, IMPORT_MAX_BYTES + 1);
    await expect(readImportFile(path)).rejects.toMatchObject({ code: 'too-large' });
  });

  it('refuses bytes over the limit handed to the parser', async () => {
    await expect(parseImport(new Uint8Array(IMPORT_MAX_BYTES + 1))).rejects.toMatchObject({ code: 'too-large' });
  });

  it('refuses an empty file, a folder and a missing file', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(readImportFile(empty).then((bytes) => parseImport(bytes))).rejects.toMatchObject({ code: 'unknown-format' });
    await expect(readImportFile(dir)).rejects.toMatchObject({ code: 'unknown-format' });
    await expect(readImportFile(join(dir, 'gone.csv'))).rejects.toMatchObject({ code: 'unreadable' });
  });

  it('tells containers apart by content', () => {
    const text = (value: string) => new TextEncoder().encode(value);
    expect(containerOf(Uint8Array.from([0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5, 0, 0]))).toBe('kdbx');
    expect(containerOf(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).toBe('zip');
    expect(containerOf(text('\uFEFF \n{"items":[]}'))).toBe('json');
    expect(containerOf(text('name,url'))).toBe('csv');
  });
});

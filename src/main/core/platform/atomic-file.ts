/**
 * Writes a file all at once or not at all (a kit the user chose where to save, the offline
 * cache, the settings): the bytes go to a hidden sibling (same folder, so the final rename is
 * atomic), are flushed to disk, and only then renamed over the chosen name. On any error the
 * sibling is removed and nothing is left behind. The file is created owner-only (0600),
 * because kits hold secrets.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { z } from 'zod';
import { IpcError } from '../../../shared/ipc/result';

export class FileWriteError extends Error {
  constructor(
    readonly reason: 'not-absolute' | 'folder-missing' | 'permission-denied' | 'disk-full' | 'is-a-folder' | 'other',
    message: string,
  ) {
    super(message);
    this.name = 'FileWriteError';
  }
}

/** The hidden sibling the bytes go to first. */
function partialPathFor(path: string): string {
  if (!isAbsolute(path)) throw new FileWriteError('not-absolute', 'Choose a full path for the file.');
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
}

/**
 * `bytes`: the file's contents, or its chunks in order (a large file need not be one array, nor in memory at once).
 * `beforeRename`: run with the sibling's path once it is written and flushed, before it takes the chosen name.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array | Iterable<Uint8Array>, beforeRename?: (partial: string) => Promise<void>): Promise<void> {
  const partial = partialPathFor(path);
  let handle;
  try {
    handle = await open(partial, 'wx', 0o600);
    for (const chunk of bytes instanceof Uint8Array ? [bytes] : bytes) await handle.writeFile(chunk);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await beforeRename?.(partial);
    await rename(partial, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(partial).catch(() => undefined);
    throw describeWriteError(error, path);
  }
}

/**
 * Writes a file where the user chose to save it (a kit, an export), then overwrites the bytes
 * with zeros; a failure reaches the screen as 'write-failed' with its words.
 */
export async function writeChosenFile(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileAtomically(path, bytes);
  } catch (error) {
    if (error instanceof FileWriteError) throw new IpcError('write-failed', error.message);
    throw error;
  } finally {
    bytes.fill(0);
  }
}

/** The same, for the few writes that must finish before the caller goes on (the settings file). */
export function writeFileAtomicallySync(path: string, bytes: Uint8Array): void {
  const partial = partialPathFor(path);
  let fd: number | undefined;
  try {
    fd = openSync(partial, 'wx', 0o600);
    writeFileSync(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(partial, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(partial);
    } catch {
      // Never made, or already renamed.
    }
    throw describeWriteError(error, path);
  }
}

function describeWriteError(error: unknown, path: string): FileWriteError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const folder = dirname(path);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FileWriteError('folder-missing', `The folder ${folder} does not exist.`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new FileWriteError('permission-denied', `Latchkey may not write to ${folder}. Choose another folder.`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new FileWriteError('disk-full', `There is not enough space in ${folder}. Nothing was saved.`);
    case 'EISDIR':
      return new FileWriteError('is-a-folder', `${path} is a folder. Choose a file name.`);
    default:
      return new FileWriteError('other', `The file could not be written to ${folder}. Nothing was saved.`);
  }
}

/** A small JSON file the app wrote itself, checked by `schema`; null when it is missing, unreadable or does not match (then it is as good as absent). */
export function readJsonFile<T>(path: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recoveryKitContent } from '../../../src/main/core/kit/kit-content';
import { createKitService } from '../../../src/main/core/kit/kit-service';
import type { PrintOutcome, PrintPort, SaveDialogPort } from '../../../src/main/core/platform/ports';
import { IpcError } from '../../../src/shared/ipc/result';

const content = recoveryKitContent({ email: 'alice@example.com', signInAddress: 'https://sync.example', recoveryCode: 'R1-ABCDE-FGHJK-MNPQR-STVWX-Y0123-45678-9ABCD-EFGHJ-KMNPQ-RSTVW-XY012-34567-89ABC', checks: ['email'], createdAt: new Date('2026-11-25T12:00:00Z') });
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-save-'));
  folders.push(dir);
  return dir;
}

/** A save dialog that answers what a user would have picked, and remembers what it was asked. */
function dialogAnswering(path: string | null) {
  const asked: unknown[] = [];
  const saveDialog: SaveDialogPort = { chooseSavePath: async (request) => (asked.push(request), path) };
  return { saveDialog, asked };
}
const noPrinter: PrintPort = { preview: async () => new Uint8Array(), print: async () => ({ status: 'cancelled' }) };

describe('kit service: save', () => {
  it('writes the PDF to the picked path only, owner-only, and says where', async () => {
    const dir = folder();
    const path = join(dir, 'My kit.pdf');
    const { saveDialog, asked } = dialogAnswering(path);
    const outcome = await createKitService({ saveDialog, printer: noPrinter }).save(content, 'alice@example.com');
    expect(outcome).toEqual({ status: 'saved', path });
    expect(asked).toEqual([{ title: 'Save your Latchkey Recovery Kit', suggestedName: 'Latchkey Recovery Kit - alice@example.com.pdf' }]);
    expect(readdirSync(dir)).toEqual(['My kit.pdf']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('replaces an existing file at the picked path whole', async () => {
    const dir = folder();
    const path = join(dir, 'kit.pdf');
    const service = createKitService({ saveDialog: dialogAnswering(path).saveDialog, printer: noPrinter });
    await service.save(content, 'alice@example.com');
    await service.save(content, 'alice@example.com');
    expect(readdirSync(dir)).toEqual(['kit.pdf']);
  });

  it('writes nothing when the dialog is cancelled, and says so', async () => {
    const dir = folder();
    const outcome = await createKitService({ saveDialog: dialogAnswering(null).saveDialog, printer: noPrinter }).save(content, 'alice@example.com');
    expect(outcome).toEqual({ status: 'cancelled' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['a folder that does not exist', () => join(folder(), 'missing', 'kit.pdf'), /does not exist/],
    ['a read-only place', () => '/sys/latchkey-kit.pdf', /may not write to \/sys/],
    ['a name that is a folder', () => folder(), /is a folder/],
    ['a relative path', () => 'kit.pdf', /full path/],
  ])('reports a write error for %s and leaves nothing behind', async (_label, pick, message) => {
    const path = pick();
    // Only entries named after the picked file count: other tests use the same folders meanwhile.
    const parent = join(path, '..');
    const related = () => safeList(parent).filter((entry) => entry.includes(basename(path)));
    const before = related();
    const saving = createKitService({ saveDialog: dialogAnswering(path).saveDialog, printer: noPrinter }).save(content, 'alice@example.com');
    await expect(saving).rejects.toThrow(IpcError);
    await expect(saving).rejects.toMatchObject({ code: 'write-failed', message: expect.stringMatching(message) });
    expect(related()).toEqual(before);
  });

  it.runIf(process.getuid?.() === 0)('reports a full disk and leaves no partial file (a 16 KiB tmpfs)', async () => {
    const dir = folder();
    const disk = join(dir, 'tiny');
    mkdirSync(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', disk]);
    try {
      const saving = createKitService({ saveDialog: dialogAnswering(join(disk, 'kit.pdf')).saveDialog, printer: noPrinter }).save(content, 'alice@example.com');
      await expect(saving).rejects.toMatchObject({ code: 'write-failed', message: expect.stringMatching(/not enough space/) });
      expect(readdirSync(disk)).toEqual([]);
    } finally {
      execFileSync('umount', [disk]);
    }
  });
});

describe('kit service: preview and print', () => {
  it('previews and prints the same page, and passes the printer’s outcome through', async () => {
    const pages: string[] = [];
    const outcome: PrintOutcome = { status: 'failed', reason: 'Out of paper' };
    const printer: PrintPort = {
      preview: async (html) => (pages.push(html), new Uint8Array([0x89, 0x50, 0x4e, 0x47])),
      print: async (html) => (pages.push(html), outcome),
    };
    const service = createKitService({ saveDialog: dialogAnswering(null).saveDialog, printer });
    expect(await service.preview(content)).toBe('data:image/png;base64,iVBORw==');
    expect(await service.print(content)).toEqual(outcome);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toBe(pages[1]);
  });
});

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

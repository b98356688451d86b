/**
 * The Electron host's ports, without an Electron binary: stand-ins record what Electron's
 * dialog, clipboard and hidden print window were asked to do, and in what order.
 */
import { describe, expect, it } from 'vitest';
import { electronPorts } from '../../../src/main/electron/ports';

type PrintCallback = (success: boolean, failureReason: string) => void;

function kitWindow(onPrint: (callback: PrintCallback) => void) {
  const events: string[] = [];
  const window = {
    loadURL: async (url: string) => void events.push(`load ${url.slice(0, 30)}`),
    destroy: () => void events.push('destroy'),
    webContents: {
      print: (_options: unknown, callback: PrintCallback) => {
        events.push('print');
        onPrint((success, reason) => {
          events.push('callback');
          callback(success, reason);
        });
      },
      capturePage: async () => ({ toPNG: () => Buffer.from('png') }),
    },
  };
  return { window, events };
}

function portsWith(options: { onPrint?: (callback: PrintCallback) => void; saveResult?: { canceled: boolean; filePath?: string }; openResult?: { canceled: boolean; filePaths: string[] } }) {
  const kit = kitWindow(options.onPrint ?? ((callback) => callback(true, '')));
  const dialogCalls: unknown[] = [];
  const ports = electronPorts({
    dialog: {
      showSaveDialog: (async (...args: unknown[]) => (dialogCalls.push(args.at(-1)), options.saveResult ?? { canceled: true })) as never,
      showOpenDialog: (async (...args: unknown[]) => (dialogCalls.push(args.at(-1)), options.openResult ?? { canceled: true, filePaths: [] })) as never,
    },
    clipboard: { writeText: () => undefined, readText: () => '', clear: () => undefined } as never,
    createKitWindow: () => kit.window as never,
    appWindow: () => undefined,
    defaultFolder: '/home/alice/Documents',
  });
  return { ports, kit, dialogCalls };
}

describe('Electron ports', () => {
  it('prints from a data: URL and destroys the window only after the print callback', async () => {
    let finish: PrintCallback | undefined;
    const { ports, kit } = portsWith({ onPrint: (callback) => (finish = callback) });
    const printing = ports.printer.print('<h1>kit</h1>');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(kit.events).toEqual(['load data:text/html;charset=utf-8;b', 'print']);
    finish?.(true, '');
    expect(await printing).toEqual({ status: 'printed' });
    expect(kit.events).toEqual(['load data:text/html;charset=utf-8;b', 'print', 'callback', 'destroy']);
  });

  it.each([
    [false, 'cancelled', { status: 'cancelled' }],
    [false, 'Printer is out of paper', { status: 'failed', reason: 'Printer is out of paper' }],
    [false, '', { status: 'failed', reason: 'The printer reported an error.' }],
  ])('reports a print that ended with success=%s, "%s"', async (success, reason, outcome) => {
    const { ports, kit } = portsWith({ onPrint: (callback) => callback(success, reason) });
    expect(await ports.printer.print('<h1>kit</h1>')).toEqual(outcome);
    expect(kit.events.at(-1)).toBe('destroy');
  });

  it('reports a print call that throws instead of crashing', async () => {
    const { ports, kit } = portsWith({
      onPrint: () => {
        throw new Error('no printers');
      },
    });
    expect(await ports.printer.print('<h1>kit</h1>')).toEqual({ status: 'failed', reason: 'The print dialog could not be shown.' });
    expect(kit.events.at(-1)).toBe('destroy');
  });

  it('suggests the kit name in the documents folder and returns null on cancel', async () => {
    const cancelled = portsWith({ saveResult: { canceled: true } });
    expect(await cancelled.ports.saveDialog.chooseSavePath({ title: 'Save', suggestedName: 'Latchkey Recovery Kit - a@b.c.pdf' })).toBeNull();
    expect(cancelled.dialogCalls[0]).toMatchObject({ defaultPath: '/home/alice/Documents/Latchkey Recovery Kit - a@b.c.pdf', filters: [{ extensions: ['pdf'] }] });
    const picked = portsWith({ saveResult: { canceled: false, filePath: '/home/alice/kit.pdf' } });
    expect(await picked.ports.saveDialog.chooseSavePath({ title: 'Save', suggestedName: 'x.pdf' })).toBe('/home/alice/kit.pdf');
  });

  it('saves an export with its own kind of file', async () => {
    const picked = portsWith({ saveResult: { canceled: false, filePath: '/home/alice/e.kdbx' } });
    expect(await picked.ports.saveDialog.chooseSavePath({ title: 'Export', suggestedName: 'e.kdbx', fileKind: { name: 'KeePass database', extensions: ['kdbx'] } })).toBe('/home/alice/e.kdbx');
    expect(picked.dialogCalls[0]).toMatchObject({ filters: [{ name: 'KeePass database', extensions: ['kdbx'] }] });
  });

  it('opens one existing file through the system dialog, offering the kinds asked for, and returns null on cancel', async () => {
    const cancelled = portsWith({});
    expect(await cancelled.ports.openDialog.chooseOpenPath({ title: 'Import', fileKinds: [{ name: 'Exports', extensions: ['csv'] }] })).toBeNull();
    expect(cancelled.dialogCalls[0]).toMatchObject({ title: 'Import', defaultPath: '/home/alice/Documents', properties: ['openFile'], filters: [{ name: 'Exports', extensions: ['csv'] }, { name: 'All files', extensions: ['*'] }] });
    const picked = portsWith({ openResult: { canceled: false, filePaths: ['/home/alice/export.csv'] } });
    expect(await picked.ports.openDialog.chooseOpenPath({ title: 'Import', fileKinds: [] })).toBe('/home/alice/export.csv');
  });
});

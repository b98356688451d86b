/** A stand-in for Electron's webContents that records the window-open handler and what was sent to the page, and says whether a listener prevented an event. */
import { EventEmitter } from 'node:events';

export class RecordingContents extends EventEmitter {
  /** The window's main frame, as Electron names it in an IPC event's senderFrame. */
  mainFrame = { url: 'latchkey://app/' };
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly sent: unknown[][] = [];
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
  /** Emits an event the way Electron does, and says whether a listener prevented it. */
  attempt(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

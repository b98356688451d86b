/** The raw transport names both hosts use under the typed API. Only the preloads touch them. */

/** Electron: the one ipcMain.handle channel every typed call goes through. */
export const ipcInvokeChannel = 'latchkey:invoke';

/** Browser host: the page binding Playwright installs, which the browser preload hides. It answers each call as one JSON string. */
export const ipcBindingName = '__latchkeyIpc';

/** Browser host: the page function the main process calls to show the in-app save sheet. */
export const hostSaveDialogFunction = '__latchkeySaveDialog';

/** Electron: the one channel main sends every event on (webContents.send), as (name, payload). */
export const ipcEventChannel = 'latchkey:event';

/** Browser host: the page function the main process calls with each event, which the browser preload defines and hides. */
export const hostEventFunction = '__latchkeyEvent';

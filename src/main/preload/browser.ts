/**
 * The browser host's preload: an init script that runs before the renderer's own code. It
 * takes the raw page binding away from the page and leaves only the typed API, frozen, in
 * its place: the same shape Electron's preload exposes, plus the in-app save sheet the
 * browser host needs because Chromium has no save dialog that returns a path.
 */
import '../../shared/ipc/jitless-zod';
import { createApiClient, type RawInvoke } from '../../shared/ipc/client';
import { saveSheetRequest, type SaveDialogHandler } from '../../shared/ipc/host-dialogs';
import { hostSaveDialogFunction, ipcBindingName } from '../../shared/ipc/transport';

const scope = globalThis as unknown as Record<string, unknown>;
const binding = scope[ipcBindingName] as RawInvoke;
delete scope[ipcBindingName];

let saveDialog: SaveDialogHandler | undefined;
const hostDialogs = Object.freeze({
  handleSaveDialog(handler: SaveDialogHandler) {
    saveDialog = handler;
    return () => {
      if (saveDialog === handler) saveDialog = undefined;
    };
  },
});

const define = (name: string, value: unknown) => Object.defineProperty(globalThis, name, { value, enumerable: false, configurable: false, writable: false });
define('latchkey', Object.freeze({ ...createApiClient(binding), hostDialogs }));
// Called by the main process (page.evaluate), never by the page's own code.
define(hostSaveDialogFunction, async (request: unknown) => {
  const parsed = saveSheetRequest.safeParse(request);
  if (!parsed.success || !saveDialog) return null;
  const path = await saveDialog(parsed.data);
  return typeof path === 'string' ? path : null;
});

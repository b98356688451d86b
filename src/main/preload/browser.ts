/**
 * The browser host's preload: an init script that runs before the renderer's own code. It
 * takes the raw page binding away from the page and leaves only the typed API, frozen, in
 * its place: the same shape Electron's preload exposes (calls and the event stream), plus the in-app save sheet the
 * browser host needs because Chromium has no save dialog that returns a path.
 */
import '../../shared/ipc/jitless-zod';
import { createApiClient, type RawInvoke } from '../../shared/ipc/client';
import { createEventReceiver } from '../../shared/ipc/event-receiver';
import { saveSheetRequest, type SaveDialogHandler } from '../../shared/ipc/host-dialogs';
import { hostEventFunction, hostSaveDialogFunction, ipcBindingName } from '../../shared/ipc/transport';

const scope = globalThis as unknown as Record<string, unknown>;
const hostBinding = scope[ipcBindingName] as RawInvoke;
delete scope[ipcBindingName];
/** The host answers each call as one JSON string (src/main/browser/window.ts); anything else is no answer, which the client refuses. */
const binding: RawInvoke = async (channel, request) => {
  const answer = await hostBinding(channel, request);
  return typeof answer === 'string' ? (JSON.parse(answer) as unknown) : null;
};

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
const receiver = createEventReceiver((message) => console.warn(`[latchkey] ${message}`));
define('latchkey', Object.freeze({ ...createApiClient(binding), hostDialogs, events: receiver.events }));
// Called by the main process (page.evaluate) with each event, never by the page's own code; checked before any handler sees it.
define(hostEventFunction, (name: unknown, payload: unknown) => receiver.receive(name, payload));
// Called by the main process (page.evaluate), never by the page's own code.
define(hostSaveDialogFunction, async (request: unknown) => {
  const parsed = saveSheetRequest.safeParse(request);
  if (!parsed.success || !saveDialog) return null;
  const path = await saveDialog(parsed.data);
  return typeof path === 'string' ? path : null;
});

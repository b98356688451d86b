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
const rawBinding = scope[ipcBindingName] as (channel: string, request: unknown) => Promise<unknown>;
delete scope[ipcBindingName];
/**
 * The host answers each call as JSON text (window.ts): one string crosses to the page, which parses it natively, instead of
 * a tree Playwright serialises and rebuilds value by value (a 200-row listing took tens of ms each way). Anything else
 * is no answer, which the API client reports as an internal error.
 */
const binding: RawInvoke = async (channel, request) => {
  const text = await rawBinding(channel, request);
  try {
    return typeof text === 'string' ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
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

/**
 * Electron's preload, run in the sandbox with context isolation. It exposes exactly one
 * object, the typed API with its event stream, and never ipcRenderer itself.
 */
import '../../shared/ipc/jitless-zod';
import { contextBridge, ipcRenderer } from 'electron';
import { createApiClient } from '../../shared/ipc/client';
import { createEventReceiver } from '../../shared/ipc/event-receiver';
import { ipcEventChannel, ipcInvokeChannel } from '../../shared/ipc/transport';

const receiver = createEventReceiver((message) => console.warn(`[latchkey] ${message}`));
// Main sends (name, payload) on the one event channel; the receiver checks both before any handler sees them.
ipcRenderer.on(ipcEventChannel, (_event, name: unknown, payload: unknown) => receiver.receive(name, payload));
contextBridge.exposeInMainWorld('latchkey', { ...createApiClient((channel, request) => ipcRenderer.invoke(ipcInvokeChannel, channel, request)), events: receiver.events });

/**
 * Electron's preload, run in the sandbox with context isolation. It exposes exactly one
 * object, the typed API, and never ipcRenderer itself.
 */
import '../../shared/ipc/jitless-zod';
import { contextBridge, ipcRenderer } from 'electron';
import { createApiClient } from '../../shared/ipc/client';
import { ipcInvokeChannel } from '../../shared/ipc/transport';

contextBridge.exposeInMainWorld('latchkey', createApiClient((channel, request) => ipcRenderer.invoke(ipcInvokeChannel, channel, request)));

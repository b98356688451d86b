/**
 * The browser host's preload: an init script that runs before the renderer's own code. It
 * takes the raw page binding away from the page and leaves only the typed API, frozen, in
 * its place: the same shape Electron's preload exposes.
 */
import '../../shared/ipc/jitless-zod';
import { createApiClient, type RawInvoke } from '../../shared/ipc/client';
import { ipcBindingName } from '../../shared/ipc/transport';

const scope = globalThis as unknown as Record<string, unknown>;
const binding = scope[ipcBindingName] as RawInvoke;
delete scope[ipcBindingName];
Object.defineProperty(globalThis, 'latchkey', { value: Object.freeze(createApiClient(binding)), enumerable: false, configurable: false, writable: false });

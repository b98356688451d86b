import type { LatchkeyApi } from '../../shared/ipc/client';

declare global {
  interface Window {
    /** The typed API the preload exposes; the renderer's only way to the main process. */
    readonly latchkey: LatchkeyApi;
  }
}

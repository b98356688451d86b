import type { LatchkeyApi } from '../../shared/ipc/client';
import type { LatchkeyEvents } from '../../shared/ipc/event-receiver';

declare global {
  interface Window {
    /** The typed API the preload exposes; the renderer's only way to the main process. */
    readonly latchkey: LatchkeyApi & { readonly events: LatchkeyEvents };
  }
}

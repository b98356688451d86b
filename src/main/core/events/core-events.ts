/**
 * The main process's end of the event stream. Capabilities emit typed events here; each is
 * checked against the contract before it leaves (one that fails is dropped, counted and
 * reported by name, never with its payload), then handed to every connected sink: the host's
 * window (webContents.send in Electron, a page function in the browser host).
 */
import { checkEvent, type EventName, type EventOf } from '../../../shared/ipc/events';

/** Where the host delivers a checked event. A sink that throws (a closed window) costs only that delivery. */
export type EventSink = (name: EventName, payload: unknown) => void | Promise<void>;

export class CoreEvents {
  readonly #sinks = new Set<EventSink>();
  #dropped = 0;

  constructor(private readonly report: (message: string) => void = (message) => console.error(`[latchkey] ${message}`)) {}

  /** Connects a host's window; answers the function that disconnects it. */
  connect(sink: EventSink): () => void {
    this.#sinks.add(sink);
    return () => void this.#sinks.delete(sink);
  }

  emit<E extends EventName>(name: E, payload: EventOf<E>): void {
    const checked = checkEvent(name, payload);
    if (!checked) {
      this.#dropped += 1;
      this.report(`dropped an event that does not match the contract: ${String(name)}`);
      return;
    }
    for (const sink of this.#sinks) {
      try {
        void Promise.resolve(sink(checked.name, checked.payload)).catch(() => undefined);
      } catch {
        // The window went away between two events.
      }
    }
  }

  /** How many events were dropped for failing the contract. */
  get dropped(): number {
    return this.#dropped;
  }
}

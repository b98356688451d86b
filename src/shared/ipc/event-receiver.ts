/**
 * The renderer's end of the event stream, built by both preloads. The host hands every raw
 * event to `receive`; it is checked against the contract again here, and one that fails
 * (unknown name, payload off its schema) is dropped and counted, reported by name only (its
 * payload is never logged or passed on). Screens subscribe with `on`, which answers the
 * function that unsubscribes.
 */
import { checkEvent, type EventHandler, type EventName } from './events';

export interface LatchkeyEvents {
  on<E extends EventName>(name: E, handler: EventHandler<E>): () => void;
}

export interface EventReceiver {
  /** What the renderer sees as `latchkey.events`. */
  events: LatchkeyEvents;
  /** Called by the preload's transport with whatever the host sent. */
  receive(name: unknown, payload: unknown): void;
  /** How many events were dropped for failing the contract. */
  dropped(): number;
}

/** `report`: where a dropped event (by name) or a failing handler is told (the preload's console). */
export function createEventReceiver(report: (message: string) => void): EventReceiver {
  const handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  let dropped = 0;
  return {
    events: Object.freeze({
      on<E extends EventName>(name: E, handler: EventHandler<E>) {
        const entry = handler as (payload: unknown) => void;
        const set = handlers.get(name) ?? new Set();
        handlers.set(name, set.add(entry));
        return () => void set.delete(entry);
      },
    }),
    receive(name, payload) {
      const checked = checkEvent(name, payload);
      if (!checked) {
        dropped += 1;
        report(`dropped an event that does not match the contract: ${typeof name === 'string' ? name.slice(0, 64) : typeof name}`);
        return;
      }
      for (const handler of [...(handlers.get(checked.name) ?? [])]) {
        try {
          handler(checked.payload);
        } catch {
          report(`a handler of ${checked.name} failed`);
        }
      }
    },
    dropped: () => dropped,
  };
}

/** Subscribes a component to one of the core's events for as long as it is mounted; the handler may change between renders. */
import { useEffect, useRef } from 'react';
import type { EventHandler, EventName } from '../../shared/ipc/events';

export function useEvent<E extends EventName>(name: E, handler: EventHandler<E>): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => window.latchkey.events.on(name, (payload) => latest.current(payload)), [name]);
}

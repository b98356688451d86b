/** Calls one IPC channel when a component mounts, and tracks its answer. */
import { useEffect, useState } from 'react';
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { IpcErrorPayload } from '../../shared/ipc/result';

export type ChannelState<C extends ChannelName> =
  | { status: 'loading' }
  | { status: 'ready'; value: ResponseOf<C> }
  | { status: 'failed'; error: IpcErrorPayload };

export function useChannel<C extends ChannelName>(channel: C, request: RequestOf<C>): ChannelState<C> {
  const [state, setState] = useState<ChannelState<C>>({ status: 'loading' });
  const requestKey = JSON.stringify(request);
  useEffect(() => {
    let current = true;
    window.latchkey
      .invoke(channel, JSON.parse(requestKey) as RequestOf<C>)
      .then((result) => current && setState(result.ok ? { status: 'ready', value: result.value } : { status: 'failed', error: result.error }))
      .catch(() => current && setState({ status: 'failed', error: { code: 'internal', message: 'Latchkey could not reach its main process.' } }));
    return () => {
      current = false;
    };
  }, [channel, requestKey]);
  return state;
}

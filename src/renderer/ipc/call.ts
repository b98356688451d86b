/** Calls the main process and turns a typed error into an exception a form can show. */
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { IpcErrorPayload } from '../../shared/ipc/result';

export class CallError extends Error {
  constructor(readonly error: IpcErrorPayload) {
    super(error.message);
    this.name = 'CallError';
  }
}

export async function call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await window.latchkey.invoke(channel, request);
  if (!result.ok) throw new CallError(result.error);
  return result.value;
}

export function messageOf(error: unknown): string {
  return error instanceof CallError ? error.message : 'Something went wrong inside Latchkey. Nothing was changed.';
}

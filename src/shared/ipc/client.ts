/**
 * The typed API the renderer sees as `window.latchkey`. Both preloads (Electron's and the
 * browser host's) build it from a raw transport with this one function, so the renderer
 * never touches the transport and every call is checked against the contract on the way
 * out and on the way back.
 */
import { channels, isChannelName, type ChannelName, type RequestOf, type ResponseOf } from './contract';
import { ipcResult, type IpcResult } from './result';
import type { HostDialogs } from './host-dialogs';

export type RawInvoke = (channel: string, request: unknown) => Promise<unknown>;

export interface LatchkeyApi {
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  /** Only in the browser host: dialogs the renderer draws because Chromium has none. */
  hostDialogs?: HostDialogs;
}

export function createApiClient(rawInvoke: RawInvoke): LatchkeyApi {
  return {
    async invoke(channel, request) {
      if (!isChannelName(channel)) return { ok: false, error: { code: 'unknown-channel', message: 'The app asked for something it does not know.' } };
      const contract = channels[channel];
      const parsedRequest = contract.request.safeParse(request);
      if (!parsedRequest.success) return { ok: false, error: { code: 'bad-request', message: describeSchemaFailure(parsedRequest.error) } };
      const reply = ipcResult(contract.response).safeParse(await rawInvoke(channel, parsedRequest.data));
      if (!reply.success) return { ok: false, error: { code: 'internal', message: 'The app sent back an answer it should not have.' } };
      return reply.data as IpcResult<ResponseOf<typeof channel>>;
    },
  };
}

/** A readable summary of a schema failure, naming fields but never echoing their values. */
export function describeSchemaFailure(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  const first = error.issues[0];
  if (!first) return 'The request was not valid.';
  const where = first.path.length > 0 ? first.path.map(String).join('.') : 'request';
  return `Invalid ${where}: ${first.message}`;
}

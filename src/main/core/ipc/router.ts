/**
 * The one IPC router both hosts feed. It checks, in order: the sender's origin against the
 * host's allowlist, the channel name, and the request against the channel's schema. Only
 * then does a handler run, and its answer is checked against the response schema before it
 * leaves. Whatever happens, the caller gets an IpcResult: never a thrown error, a stack
 * trace or a secret.
 */
import { channels, isChannelName, type ChannelName, type ParsedRequestOf, type ResponseOf } from '../../../shared/ipc/contract';
import { describeSchemaFailure } from '../../../shared/ipc/client';
import type { ImportRefusal } from '../../../shared/ipc/import-refusals';
import { IpcError, type IpcErrorCode, type IpcResult } from '../../../shared/ipc/result';
import { originOf } from './origin';

export type Handlers = { [C in ChannelName]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

export interface Sender {
  /** The URL of the frame that sent the message, as the host saw it (not as the page claims). */
  frameUrl: string;
}

export interface RouterOptions {
  handlers: Handlers;
  allowedOrigins: readonly string[];
  /** Where unexpected handler failures are reported; never shown to the renderer. */
  onInternalError: (channel: ChannelName, error: unknown) => void;
}

export type Router = (sender: Sender, channel: unknown, request: unknown) => Promise<IpcResult<unknown>>;

const fail = (code: IpcErrorCode, message: string, groups?: readonly number[], reason?: ImportRefusal): IpcResult<never> => ({
  ok: false,
  error: { code, message, ...(groups && groups.length > 0 && { groups: [...groups] }), ...(reason && { reason }) },
});

export function createRouter({ handlers, allowedOrigins, onInternalError }: RouterOptions): Router {
  const allowed = new Set(allowedOrigins);
  return async (sender, channel, request) => {
    if (!allowed.has(originOf(sender.frameUrl))) return fail('forbidden-sender', 'This page may not talk to Latchkey.');
    if (!isChannelName(channel)) return fail('unknown-channel', 'The app asked for something it does not know.');
    const contract = channels[channel];
    const parsed = contract.request.safeParse(request);
    if (!parsed.success) return fail('bad-request', describeSchemaFailure(parsed.error));
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      const answer = contract.response.safeParse(await handler(parsed.data));
      if (answer.success) return { ok: true, value: answer.data };
      onInternalError(channel, new Error(`response of ${channel} did not match its schema: ${describeSchemaFailure(answer.error)}`));
    } catch (error) {
      if (error instanceof IpcError) return fail(error.code, error.message, error.groups, error.reason);
      onInternalError(channel, error);
    }
    return fail('internal', 'Something went wrong inside Latchkey. Nothing was changed.');
  };
}

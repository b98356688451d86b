/**
 * The host's end of the embedded sync server, which runs off the main thread (see
 * src/server/embedded-entry.ts): each host wraps its child (a worker thread, an Electron
 * utilityProcess) as a `ServerChild`, and this speaks the protocol to it the same way in both.
 * A start failure or a crash rejects the start with an `EmbeddedServerError`; a crash after
 * the start goes to `onCrash`; closing asks the child to close, then ends it.
 */
import { serverToHostSchema, type HostToServer, type ServerToHost } from '../../../shared/embedded-server';
import type { EmbeddedServer } from './start';

export interface ServerChild {
  send(message: HostToServer): void;
  onMessage(listener: (data: unknown) => void): void;
  /** Once, when the child has ended for any reason, with its exit code. */
  onExit(listener: (code: number) => void): void;
  /** Ends the child now. */
  kill(): void;
}

export type EmbeddedServerErrorCode = 'embedded-server-failed' | 'embedded-server-crashed' | 'embedded-server-protocol';

const whatToDo: Record<EmbeddedServerErrorCode, string> = {
  'embedded-server-failed': 'check that the data folder exists, that you may write to it and that the disk is not full',
  'embedded-server-crashed': 'start Latchkey again; if it keeps happening, start it from a terminal and report what it prints',
  'embedded-server-protocol': 'this is a bug in Latchkey: start it again and report it',
};

export class EmbeddedServerError extends Error {
  constructor(
    readonly code: EmbeddedServerErrorCode,
    detail: string,
  ) {
    super(`Latchkey's built-in sync server ${detail}. What to do: ${whatToDo[code]}.`);
    this.name = 'EmbeddedServerError';
  }
}

/** How long a closing server may take before its child is ended anyway. */
export const EMBEDDED_CLOSE_TIMEOUT_MS = 10_000;

export interface EmbeddedChildOptions {
  /** The child ended by itself after it had started (the hosts tell the user). */
  onCrash(error: EmbeddedServerError): void;
}

export function startEmbeddedChild(child: ServerChild, sqliteFile: string, options: EmbeddedChildOptions): Promise<EmbeddedServer> {
  let closing = false;
  let started = false;
  let crashReported = false;
  let answer: ((message: ServerToHost) => void) | undefined;
  let failed: ((error: EmbeddedServerError) => void) | undefined;
  const exited = new Promise<number>((resolve) => child.onExit(resolve));
  const next = () =>
    new Promise<ServerToHost>((resolve, reject) => {
      answer = resolve;
      failed = reject;
    });
  const fail = (error: EmbeddedServerError) => {
    const reject = failed;
    answer = failed = undefined;
    if (reject) reject(error);
    else if (started && !closing && !crashReported) {
      crashReported = true;
      options.onCrash(error);
    }
  };
  child.onMessage((data) => {
    const message = serverToHostSchema.safeParse(data);
    if (!message.success) {
      child.kill();
      fail(new EmbeddedServerError('embedded-server-protocol', 'sent a message off its protocol'));
      return;
    }
    const resolve = answer;
    answer = failed = undefined;
    resolve?.(message.data);
  });
  void exited.then((code) => fail(new EmbeddedServerError('embedded-server-crashed', `stopped unexpectedly (exit code ${code})`)));

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    const closed = next();
    child.send({ type: 'close' });
    const timer = setTimeout(() => child.kill(), EMBEDDED_CLOSE_TIMEOUT_MS);
    // Ended either way: it said 'closed', or it stopped (or was stopped) first.
    await Promise.race([closed.catch(() => undefined), exited]);
    clearTimeout(timer);
    child.kill();
    await exited;
  }

  const reply = next();
  child.send({ type: 'start', sqliteFile });
  return reply.then(async (message) => {
    if (message.type === 'started') {
      started = true;
      return { url: message.url, localMailbox: message.localMailbox, close };
    }
    child.kill();
    await exited;
    throw message.type === 'failed' ? new EmbeddedServerError('embedded-server-failed', `could not start: ${message.detail}`) : new EmbeddedServerError('embedded-server-protocol', `answered '${message.type}' to start`);
  });
}

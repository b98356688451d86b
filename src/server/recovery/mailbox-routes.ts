/**
 * The local mailbox, for the embedded app: without SMTP, the server's emails (sign-up and
 * recovery codes, notices) are files in a folder, and the app shows them. Served only when
 * mail goes to that folder and only to a loopback client; otherwise the route does not
 * exist (404, the same answer as any unknown path).
 */
import type { FastifyInstance } from 'fastify';
import { recoveryRoutes } from '../../shared/server-api/recovery';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { readMailbox } from '../mail/mailbox';

/** 127.0.0.0/8, ::1, and IPv4-mapped loopback. The server does not trust proxy headers, so this is the socket's peer. */
export function isLoopback(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

export function registerMailboxRoutes(app: FastifyInstance, context: ServerContext): void {
  const dir = context.mailer.localMailboxDir;
  addRoute(app, context, recoveryRoutes.localMailbox, async ({ request }) => {
    if (dir === null || !isLoopback(request.socket.remoteAddress ?? '')) {
      throw new ApiError(404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}`);
    }
    return { messages: await readMailbox(dir) };
  });
}

/**
 * The local mailbox, for the embedded app: without SMTP, the server's emails (sign-up and
 * recovery codes, notices) are files in a folder, and the app shows them. Served only when
 * the desktop host started this server for itself (embedded mode), only to a loopback client,
 * and only to a request that carries the mailbox secret this server made at start and handed
 * to that host alone. Otherwise the route does not exist: 404, the same answer as any unknown
 * path, whether the secret was missing, wrong, or there is no mailbox to serve.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { LOCAL_MAILBOX_SECRET_HEADER, recoveryRoutes, type LocalMailboxAccess } from '../../shared/server-api/recovery';
import type { ServerContext } from '../context';
import { ApiError } from '../http/errors';
import { addRoute } from '../http/routes';
import { readMailbox } from '../mail/mailbox';

/** A new random mailbox secret: 32 bytes, unpadded base64url, in memory only. */
export function newMailboxAccess(): LocalMailboxAccess {
  return { secret: randomBytes(32).toString('base64url') };
}

/** 127.0.0.0/8, ::1, and IPv4-mapped loopback. The server does not trust proxy headers, so this is the socket's peer. */
export function isLoopback(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Constant time in the secret: both sides are hashed to the same length before the comparison. */
function secretMatches(given: string | string[] | undefined, access: LocalMailboxAccess): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(access.secret));
}

/** `access` is null unless the embedded host asked for the mailbox and mail goes to the folder (no SMTP). */
export function registerMailboxRoutes(app: FastifyInstance, context: ServerContext, access: LocalMailboxAccess | null): void {
  const dir = context.mailer.localMailboxDir;
  addRoute(app, context, recoveryRoutes.localMailbox, async ({ request }) => {
    if (dir === null || access === null || !isLoopback(request.socket.remoteAddress ?? '') || !secretMatches(request.headers[LOCAL_MAILBOX_SECRET_HEADER], access)) {
      throw new ApiError(404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}`);
    }
    return { messages: await readMailbox(dir) };
  });
}

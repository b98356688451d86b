/**
 * The messages between a desktop host and its embedded sync server, which runs off the
 * host's main thread: a Node worker thread in the browser host, an Electron utilityProcess
 * in the Electron host, both running the same entry (src/server/embedded-entry.ts). Both
 * ends check every message against these schemas. The local mailbox's secret travels only
 * here, never in argv, the environment or a log.
 */
import { z } from 'zod';

export const hostToServerSchema = z.discriminatedUnion('type', [
  /** Start the server on this SQLite file (the only start, and the first message). */
  z.object({ type: z.literal('start'), sqliteFile: z.string().min(1) }).strict(),
  /** Close the server: its connections, timers and database; answered by 'closed'. */
  z.object({ type: z.literal('close') }).strict(),
]);
export type HostToServer = z.infer<typeof hostToServerSchema>;

export const serverToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), url: z.string().url(), localMailbox: z.object({ secret: z.string().min(1) }).strict().nullable() }).strict(),
  /** startServer threw (the database, the port, the mailbox folder): `detail` is the error's own message, no stack, for the terminal and the error box. */
  z.object({ type: z.literal('failed'), code: z.literal('start-failed'), detail: z.string() }).strict(),
  z.object({ type: z.literal('closed') }).strict(),
]);
export type ServerToHost = z.infer<typeof serverToHostSchema>;

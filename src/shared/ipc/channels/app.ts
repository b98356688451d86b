/** Channels about the app itself. */
import { z } from 'zod';
import { emptyRequest, hostKinds } from './common';

export const serverStatus = z
  .object({
    mode: z.enum(['embedded', 'remote']),
    url: z.string().url(),
    reachable: z.boolean(),
    version: z.string().nullable(),
    /** The embedded server's mail goes to the local mailbox (no SMTP), which the app can show. */
    localMailbox: z.boolean(),
  })
  .strict();

export const appChannels = {
  /** What the first screen shows: the app's version and the sync server it talks to. */
  'app.info': {
    request: emptyRequest,
    response: z.object({ appVersion: z.string(), host: z.enum(hostKinds), server: serverStatus }).strict(),
  },
} as const;

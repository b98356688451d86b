/**
 * The IPC contract between the renderer and the main process, defined once.
 * Every channel names a request schema and a response schema. The main-side router
 * validates both; the preload client validates both again, so neither end trusts the other.
 */
import { z } from 'zod';

const emptyRequest = z.object({}).strict();

/** The two hosts the same renderer and main core run in. */
export const hostKinds = ['electron', 'browser'] as const;
export type HostKind = (typeof hostKinds)[number];

export const serverStatus = z
  .object({
    mode: z.enum(['embedded', 'remote']),
    url: z.string().url(),
    reachable: z.boolean(),
    version: z.string().nullable(),
  })
  .strict();

export const channels = {
  /** What the first screen shows: the app's version and the sync server it talks to. */
  'app.info': {
    request: emptyRequest,
    response: z.object({ appVersion: z.string(), host: z.enum(hostKinds), server: serverStatus }).strict(),
  },
} as const;

export type ChannelName = keyof typeof channels;
export type RequestOf<C extends ChannelName> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<(typeof channels)[C]['response']>;

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

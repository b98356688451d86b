import { z } from 'zod';

export const emptyRequest = z.object({}).strict();
export const emptyResponse = z.object({}).strict();

/** The two hosts the same renderer and main core run in. */
export const hostKinds = ['electron', 'browser'] as const;
export type HostKind = (typeof hostKinds)[number];

/** An account on this device, by its local id (not the server's). */
export const accountRef = z.object({ accountId: z.string().uuid() }).strict();

export const email = z.string().trim().min(3, 'Enter your email address.').max(254).regex(/^[^\s@]+@[^\s@]+$/, 'Enter a whole email address, like name@example.com.');
/** A password as typed: never trimmed here (the crypto normalises it), bounded in size. */
export const password = z.string().min(1, 'Enter your account password.').max(1024);

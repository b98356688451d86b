/**
 * The events the main process pushes to the renderer, defined once beside the channels: every
 * event names a schema of its payload. The main side checks a payload before it sends it and
 * the preload checks it again on receipt; one that fails is dropped (counted, logged by name
 * only) and never reaches a handler. Events carry ids, counts, states and error codes: never
 * a secret, a title or an email address. The renderer treats an event as "this changed": it
 * reads what it shows again through the channels.
 */
import { z } from 'zod';
import { id16 } from '../server-api/vault';
import { recoveryId } from './channels/family';
import { ipcErrorCodes } from './result';

/** Why an account locked: the user, the idle timer, the machine sleeping (or the clock jumping), the host (screen lock), signing out, or the app quitting. */
export const lockReasons = ['user', 'idle', 'sleep', 'host', 'sign-out', 'quit'] as const;
export type LockReason = (typeof lockReasons)[number];

const accountId = z.string().uuid();
const count = z.int().min(0).max(1_000_000);

/** One vault's part of a sync: how many items arrived new, changed, or went away. */
export const vaultSyncCounts = z.object({ vaultId: id16, added: count, changed: count, removed: count }).strict();

/** What a menu item, the tray or a shortcut asks the window to do (the 'app.command' event; the renderer listens with useAppCommand). */
export const appCommands = ['new-item', 'find', 'settings', 'import', 'export', 'recovery-guide', 'lock-all', 'quick-access'] as const;
export type AppCommand = (typeof appCommands)[number];

export const events = {
  /** An account on this device unlocked, locked (and why), or was removed (signed out). */
  'account.changed': z.discriminatedUnion('state', [
    z.object({ accountId, state: z.literal('unlocked') }).strict(),
    z.object({ accountId, state: z.literal('locked'), reason: z.enum(lockReasons) }).strict(),
    z.object({ accountId, state: z.literal('removed') }).strict(),
  ]),
  /**
   * An account's vaults were brought in line with the server (by the background sync or a
   * channel). `vaults`: every vault that changed, with counts; `vaultsChanged`: a vault came or
   * went; `offline`: the server could not be reached; `error`: why the sync failed, by code.
   */
  'sync.result': z
    .object({ accountId, vaults: z.array(vaultSyncCounts).max(10_000), vaultsChanged: z.boolean(), offline: z.boolean(), error: z.enum(ipcErrorCodes).nullable() })
    .strict(),
  /** The account's family changed as the server tells it: members or their roles, invitations, or a member's recovery moved on (`role`: this account's; `recoveries`: each one's stage). */
  'family.changed': z
    .object({
      accountId,
      inFamily: z.boolean(),
      role: z.enum(['organizer', 'member']).nullable(),
      members: count,
      invites: count,
      recoveries: z.array(z.object({ recoveryId, stage: z.enum(['awaiting-member', 'awaiting-organizer']) }).strict()).max(1000),
    })
    .strict(),
  /** The user chose a menu item (or tray entry) that acts in the window: New Item, Find, Settings, Import…, Export…. */
  'app.command': z.object({ command: z.enum(appCommands) }).strict(),
  /** An import running ('transfer.runImport'): how many of its items are uploaded so far, of how many. */
  'import.progress': z.object({ importId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/), done: count, total: count }).strict(),
} as const;

export type EventName = keyof typeof events;
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;
export type EventHandler<E extends EventName> = (payload: EventOf<E>) => void;

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** Checks an event against its schema: the parsed payload, or null for an unknown name or a payload that does not match. */
export function checkEvent(name: unknown, payload: unknown): { name: EventName; payload: unknown } | null {
  if (!isEventName(name)) return null;
  const parsed = events[name].safeParse(payload);
  return parsed.success ? { name, payload: parsed.data } : null;
}

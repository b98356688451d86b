/**
 * What crosses the IPC boundary back to the renderer: a value, or a typed error.
 * An error carries a code the renderer can switch on and a message a person can read.
 * It never carries a stack trace or anything secret.
 */
import { z } from 'zod';
import { importRefusals, type ImportRefusal } from './import-refusals';

export const ipcErrorCodes = [
  'bad-request', // the request did not match the channel's schema
  'unknown-channel',
  'forbidden-sender', // the caller's origin is not one of the app's own
  'unavailable', // the host cannot do this (for example no printer)
  'signed-out', // the server ended this device's session: sign in again
  'write-failed', // a file the user chose could not be written; nothing was left behind
  'reauth-required', // the account password must be entered again (a fresh check, held in the main process) first
  'internal', // a bug: logged in the main process, reported here without detail
  'second-factor-required', // a change to how the account is reached needs the second factor with the password
  'untrusted-key', // a key the server sent is not signed by keys this account trusts: nothing was sealed to it
  'import-refused', // an import file Latchkey cannot take (its `reason` says why): nothing was imported
] as const;
export type IpcErrorCode = (typeof ipcErrorCodes)[number];

export const ipcError = z
  .object({
    code: z.enum(ipcErrorCodes),
    message: z.string(),
    /** A typed recovery code's groups the error is about, counted from 1 after the "R1" (never what was typed: the screen has that). */
    groups: z.array(z.int().min(1).max(13)).min(1).max(13).optional(),
    /** Why an import file was refused ('import-refused' only). */
    reason: z.enum(importRefusals).optional(),
  })
  .strict();
export type IpcErrorPayload = z.infer<typeof ipcError>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcErrorPayload };

export const ipcResult = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }).strict(), z.object({ ok: z.literal(false), error: ipcError }).strict()]);

/** Thrown by handlers for an expected failure; the router turns it into `{ ok: false }`. */
export class IpcError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly groups?: readonly number[],
    readonly reason?: ImportRefusal,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}

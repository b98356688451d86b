/**
 * What crosses the IPC boundary back to the renderer: a value, or a typed error.
 * An error carries a code the renderer can switch on and a message a person can read.
 * It never carries a stack trace or anything secret.
 */
import { z } from 'zod';
import { importRefusals, type ImportRefusal } from './import-refusals';

export const ipcErrorCodes = [
  'bad-request', // the request did not match the channel's schema (and nothing else)
  'unknown-channel',
  'forbidden-sender', // the caller's origin is not one of the app's own
  'unavailable', // the host cannot do this (for example no printer), or a thing waits on someone else
  'write-failed', // a file the user chose could not be written; nothing was left behind
  'reauth-required', // the account password must be entered again (a fresh check, held in the main process) first
  'internal', // a bug: logged in the main process, reported here without detail
  'untrusted-key', // a key the server sent is not signed by keys this account trusts: nothing was sealed to it
  'untrusted-data', // something the server sent as this account's own (its name) was not sealed by this account: refused, the device keeps what it had
  // The four failures every call as an account shares (src/main/core/account/account-session.ts).
  'signed-out', // the server ended this device's session: sign in again
  'offline', // the sync server cannot be reached
  'rate-limited', // too many attempts: `retryAfterSeconds` when the server named the wait
  'second-factor-required', // this session, or this change, needs the second factor first
  // What a person typed or chose.
  'wrong-password', // the account password is not right
  'wrong-credentials', // sign-in: the email, Secret Key or password is not right (which one is not said)
  'invalid-input', // a typed value is malformed (a Secret Key, a security code; `groups` for a recovery code)
  'weak-password', // a new password the strength check refused
  'code-invalid', // a one-time code, or a typed recovery code, is not right: `attemptsLeft`, `groups` where known
  'code-expired', // a code, a check or a pending step ran out of time: start again
  // The state of the account, its data, or a flow.
  'not-unlocked', // the account is locked, or not on this device
  'not-found', // the thing named (item, vault, member, device, security key) is no longer there
  'conflict', // the change meets a newer state (already set up, stale key, already a member)
  'start-again', // the flow's earlier step is missing or was cancelled: start again
  'recovery-not-set-up', // the account has no recovery code to check or use
  'check-not-allowed', // an identity check not set up, or not allowed for this account
  'family-refused', // a family rule refused the change (not an organizer, last organizer, not in a family)
  'refused', // the sync server refused for a reason this app has no words for: its message names the server's error code, never the server's words
  // The system keychain (src/main/core/device): the message is the keychain's own, with what to do.
  'keychain-unavailable', // the system keychain is not there (on Linux, no Secret Service): the message says what to start
  'keychain-locked', // the system keychain is locked or refused access (macOS, Windows, a dismissed prompt): the message says to unlock or allow it
  'keychain-failed', // the system keychain failed otherwise (duplicate or damaged entries): the message says what it found
  // Import.
  'import-refused', // an import file Latchkey cannot take (its `reason` says why): nothing was imported
] as const;
export type IpcErrorCode = (typeof ipcErrorCodes)[number];

/** The structured facts an error can carry, so the screen never reads them out of the message. */
export interface IpcErrorFields {
  /** A typed recovery code's groups the error is about, counted from 1 after the "R1" (never what was typed: the screen has that). */
  groups?: readonly number[];
  attemptsLeft?: number;
  retryAfterSeconds?: number;
  /** Why an import file was refused ('import-refused' only). */
  reason?: ImportRefusal;
}

export const ipcError = z
  .object({
    code: z.enum(ipcErrorCodes),
    message: z.string(),
    groups: z.array(z.int().min(1).max(13)).min(1).max(13).optional(),
    attemptsLeft: z.int().min(0).max(100).optional(),
    retryAfterSeconds: z.int().min(1).max(7 * 86_400).optional(),
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
    readonly fields: IpcErrorFields = {},
  ) {
    super(message);
    this.name = 'IpcError';
  }

  /** The payload the renderer gets: code, words, and the structured fields there are. */
  payload(): IpcErrorPayload {
    const { groups, attemptsLeft, retryAfterSeconds, reason } = this.fields;
    return {
      code: this.code,
      message: this.message,
      ...(groups && groups.length > 0 && { groups: [...groups] }),
      ...(attemptsLeft !== undefined && { attemptsLeft }),
      ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
      ...(reason !== undefined && { reason }),
    };
  }
}

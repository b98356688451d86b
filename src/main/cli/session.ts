/**
 * The command line's session (docs/security-design.md §13.8). `latchkey unlock` wraps the
 * unlocked account's key under a fresh random session key (envelope 0x0E) into
 * `<data folder>/cli-session.json` (0600) and prints the session key, which only the user's
 * shell keeps (LATCHKEY_SESSION). A later command opens the key with it and unlocks the account
 * with Accounts.resume; each use moves the expiry to now + the idle-lock time, re-sealed (the
 * expiry is in the AAD, so it cannot be moved without the key). An expired file is deleted;
 * `latchkey lock` deletes it. One session per data folder.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SecretBytes } from '../../shared/crypto/secret-bytes';
import type { MainCore } from '../core/app/start';
import { newSessionKey, unwrapForSession, wrapForSession } from '../core/crypto/session-wrap';
import { readJsonFile, writeFileAtomically } from '../core/platform/atomic-file';
import { fromWire, toWire } from '../core/sync/wire';
import { lockedError } from './exit';

export const SESSION_FILE = 'cli-session.json';
export const SESSION_ENV = 'LATCHKEY_SESSION';
const SESSION_KEY_TEXT = /^[A-Za-z0-9_-]{43}$/;

const sessionFile = z.object({ format: z.literal(1), accountId: z.uuid(), expiresAt: z.int().min(0), wrapped: z.string().max(200) }).strict();
type SessionFile = z.infer<typeof sessionFile>;

type SessionCore = Pick<MainCore, 'accountKey' | 'resume' | 'idleLockMs'>;

/** A session opened with its key: the account's local id and key (owned here: `close` wipes both keys). */
export interface OpenSession {
  accountId: string;
  accountKey: SecretBytes;
  /** Moves the expiry to now + `idleMs`, sealed again (each use of the session). */
  renew(idleMs: number): Promise<void>;
  close(): void;
}

/** Wraps the unlocked account's key under a new session key; answers the key's text for LATCHKEY_SESSION. */
export async function startSession(core: SessionCore, dataDir: string, accountId: string, now = Date.now()): Promise<string> {
  const sessionKey = newSessionKey();
  const accountKey = core.accountKey(accountId);
  try {
    await seal(dataDir, accountId, accountKey, sessionKey, now + core.idleLockMs());
    return toWire(sessionKey.expose());
  } finally {
    sessionKey.dispose();
    accountKey.dispose();
  }
}

/** Opens the data folder's session with LATCHKEY_SESSION's key. Exit 3 when there is no session, or it expired or does not open. */
export function openSession(dataDir: string, keyText: string | undefined, now = Date.now()): OpenSession {
  if (keyText === undefined || keyText === '') throw lockedError(`Locked: ${SESSION_ENV} is not set.`);
  const stored = readSession(dataDir);
  if (!stored) throw lockedError('Locked: there is no session in this data folder (it was locked, or never unlocked here).');
  if (stored.expiresAt <= now) {
    endSession(dataDir);
    throw lockedError('Locked: the session expired (it lasts the idle-lock time after its last use).');
  }
  if (!SESSION_KEY_TEXT.test(keyText)) throw lockedError(`Locked: ${SESSION_ENV} is not a session key.`);
  const sessionKey = new SecretBytes(fromWire(keyText));
  let accountKey: SecretBytes;
  try {
    accountKey = unwrapForSession(fromWire(stored.wrapped), sessionKey, stored.accountId, stored.expiresAt);
  } catch {
    sessionKey.dispose();
    throw lockedError(`Locked: ${SESSION_ENV} does not open this data folder's session.`);
  }
  return {
    accountId: stored.accountId,
    accountKey,
    renew: (idleMs) => seal(dataDir, stored.accountId, accountKey, sessionKey, now + idleMs),
    close: () => (sessionKey.dispose(), accountKey.dispose()),
  };
}

/** Unlocks the session's account in the core (Accounts.resume, which checks the key against the account) and renews the session. */
export async function resumeSession(core: SessionCore, session: OpenSession): Promise<string> {
  await core.resume(session.accountId, SecretBytes.copyOf(session.accountKey.expose()));
  await session.renew(core.idleLockMs());
  return session.accountId;
}

/** Deletes the session file; answers whether there was one. */
export function endSession(dataDir: string): boolean {
  const had = readSession(dataDir) !== null;
  rmSync(join(dataDir, SESSION_FILE), { force: true });
  return had;
}

/** The session file, or null when there is none or it is damaged (then it opens nothing). */
export function readSession(dataDir: string): SessionFile | null {
  return readJsonFile(join(dataDir, SESSION_FILE), sessionFile);
}

async function seal(dataDir: string, accountId: string, accountKey: SecretBytes, sessionKey: SecretBytes, expiresAt: number): Promise<void> {
  const file: SessionFile = { format: 1, accountId, expiresAt, wrapped: toWire(wrapForSession(accountKey, sessionKey, accountId, expiresAt)) };
  await writeFileAtomically(join(dataDir, SESSION_FILE), new TextEncoder().encode(JSON.stringify(file)));
}

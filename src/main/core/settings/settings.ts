/**
 * App settings: `settings.json` in the data folder, owner-only (0600), written atomically
 * (src/main/core/platform/atomic-file.ts) and validated with one zod schema on the way in and
 * out. Only non-secret things: the accounts signed in on this device (with the organizers each
 * trusts and the members it verified, sealed under its account key: src/main/core/family/trust-store.ts), the idle-lock timeout,
 * the desktop shell's Quick Access shortcut and update choice, and this installation's id. Device secrets live in the OS keychain
 * (src/main/core/device/keychain.ts), and the schema is strict at every level, so a field it
 * does not name (a Secret Key, a password, a token) can never be stored here.
 *
 * A corrupt or tampered file does not stop the app: each field that is still valid is kept
 * (above all the installation id, which names this installation's keychain entries), the
 * rest fall back to defaults, unknown fields are dropped, and the repaired settings are
 * written back at once.
 *
 * One process owns a data folder at a time; the store keeps its own copy in memory and
 * writes it through on every change.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { emailSchema } from '../../../shared/server-api/http';
import { MAX_IDLE_LOCK_MINUTES } from '../../../shared/ipc/channels/lock';
import { DEFAULT_QUICK_ACCESS_SHORTCUT, desktopSettings, quickAccessShortcut, type DesktopSettings } from '../../../shared/ipc/channels/desktop';
import { writeFileAtomicallySync } from '../platform/atomic-file';

export { MAX_IDLE_LOCK_MINUTES };

export const SETTINGS_FILE_NAME = 'settings.json';
export const SETTINGS_VERSION = 1;
export const DEFAULT_IDLE_LOCK_MINUTES = 10;
export const MAX_ACCOUNTS = 100;

/** One account signed in on this device. */
export const deviceAccountSchema = z.strictObject({
  /** This device's own id for the account: names its keychain entries and local files. */
  localUuid: z.uuid(),
  email: emailSchema,
  serverUrl: z.url({ protocol: /^https?$/ }),
  /** The account's id on the sync server. */
  serverAccountId: z.string().min(1).max(128),
  displayName: z.string().min(1).max(128),
  /** The version of the account profile (§8.8) the name was last taken from or written as; absent until then. */
  profileVersion: z.int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  /** ISO 8601 UTC; null until the first unlock on this device. */
  lastUnlockedAt: z.iso.datetime().nullable(),
  /** The trust record: organizers trusted and members verified (envelope 0x0D, base64url; §8.7): authenticated under the account key, so not secret. */
  trustRecord: z.string().regex(/^[A-Za-z0-9_-]+$/).max(65_536).optional(),
});
export type DeviceAccount = z.infer<typeof deviceAccountSchema>;

const idleLockMinutesSchema = z.int().min(1).max(MAX_IDLE_LOCK_MINUTES);

export const settingsSchema = z
  .strictObject({
    version: z.literal(SETTINGS_VERSION),
    /** Random, made once per data folder; scopes this installation's keychain entries. */
    installationId: z.uuid(),
    accounts: z.array(deviceAccountSchema).max(MAX_ACCOUNTS),
    idleLockMinutes: idleLockMinutesSchema,
    /** The desktop shell's (a file from before they existed reads as the defaults). */
    quickAccessShortcut: quickAccessShortcut.default(DEFAULT_QUICK_ACCESS_SHORTCUT),
    autoUpdate: z.boolean().default(true),
  })
  .superRefine((settings, context) => {
    const seen = new Set<string>();
    settings.accounts.forEach((account, index) => {
      if (seen.has(account.localUuid)) context.addIssue({ code: 'custom', path: ['accounts', index, 'localUuid'], message: 'duplicate account' });
      seen.add(account.localUuid);
    });
  });
export type Settings = z.infer<typeof settingsSchema>;

export class SettingsError extends Error {
  constructor(
    /** 'invalid': the change was refused and nothing was written. 'io': the file could not be read or written. */
    readonly reason: 'invalid' | 'io',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SettingsError';
  }
}

function defaultSettings(installationId: string = randomUUID()): Settings {
  return { version: SETTINGS_VERSION, installationId, accounts: [], idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES, quickAccessShortcut: DEFAULT_QUICK_ACCESS_SHORTCUT, autoUpdate: true };
}

export class SettingsStore {
  readonly path: string;
  #settings: Settings;

  private constructor(path: string, settings: Settings) {
    this.path = path;
    this.#settings = settings;
  }

  /**
   * Opens (creating if needed) the settings of the data folder `dataDir`. Never throws for a
   * damaged file (it is repaired); throws SettingsError 'io' if the folder or file cannot be
   * read or written at all.
   */
  static open(dataDir: string): SettingsStore {
    const path = join(resolve(dataDir), SETTINGS_FILE_NAME);
    let text: string | null;
    try {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError('read', path, error);
      text = null;
    }
    const { settings, valid } = text === null ? { settings: defaultSettings(), valid: false } : repair(text);
    const store = new SettingsStore(path, settings);
    if (valid) tightenMode(path);
    else store.#write(settings);
    return store;
  }

  get installationId(): string {
    return this.#settings.installationId;
  }

  get idleLockMinutes(): number {
    return this.#settings.idleLockMinutes;
  }

  accounts(): DeviceAccount[] {
    return structuredClone(this.#settings.accounts);
  }

  account(localUuid: string): DeviceAccount | null {
    const found = this.#settings.accounts.find((account) => account.localUuid === localUuid);
    return found ? structuredClone(found) : null;
  }

  /** Adds the account, or replaces the one with the same local uuid. */
  saveAccount(account: DeviceAccount): void {
    const checked = check(deviceAccountSchema, account, 'account');
    const accounts = this.#settings.accounts.filter((existing) => existing.localUuid !== checked.localUuid);
    const index = this.#settings.accounts.findIndex((existing) => existing.localUuid === checked.localUuid);
    accounts.splice(index === -1 ? accounts.length : index, 0, checked);
    this.#write({ ...this.#settings, accounts });
  }

  /** Forgets the account on this device. False if it was not there. */
  removeAccount(localUuid: string): boolean {
    if (!this.#settings.accounts.some((account) => account.localUuid === localUuid)) return false;
    this.#write({ ...this.#settings, accounts: this.#settings.accounts.filter((account) => account.localUuid !== localUuid) });
    return true;
  }

  recordUnlock(localUuid: string, at: Date = new Date()): void {
    const accounts = this.#settings.accounts.map((account) =>
      account.localUuid === localUuid ? { ...account, lastUnlockedAt: at.toISOString() } : account,
    );
    if (!accounts.some((account) => account.localUuid === localUuid)) throw new SettingsError('invalid', 'That account is not signed in on this device.');
    this.#write({ ...this.#settings, accounts });
  }

  setIdleLockMinutes(minutes: number): void {
    this.#write({ ...this.#settings, idleLockMinutes: check(idleLockMinutesSchema, minutes, 'idleLockMinutes') });
  }

  get desktop(): DesktopSettings {
    return { quickAccessShortcut: this.#settings.quickAccessShortcut, autoUpdate: this.#settings.autoUpdate };
  }

  setDesktop(next: DesktopSettings): void {
    this.#write({ ...this.#settings, ...check(desktopSettings, next, 'desktop settings') });
  }

  #write(next: Settings): void {
    const checked = check(settingsSchema, next, 'settings');
    try {
      writeFileAtomicallySync(this.path, Buffer.from(`${JSON.stringify(checked, null, 2)}\n`));
    } catch (error) {
      throw ioError('write', this.path, error);
    }
    this.#settings = checked;
  }
}

/** Validates a change; the message names the fields and what is wrong, never the values. */
function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`).join('; ');
  throw new SettingsError('invalid', `Settings not saved, the ${what} is not valid: ${issues}`);
}

function ioError(operation: 'read' | 'write', path: string, error: unknown): SettingsError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new SettingsError('io', `Latchkey could not ${operation} its settings at ${path}${code ? ` (${code})` : ''}.`, { cause: error });
}

/** Settings written by an older build, or by hand, may be group- or world-readable. */
function tightenMode(path: string): void {
  if (process.platform === 'win32') return;
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}

/**
 * Reads a settings file, salvaging what it can: every valid field is kept, anything else
 * (never repeated anywhere) is replaced by its default. `valid`: the file was right as it was.
 */
function repair(text: string): { settings: Settings; valid: boolean } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { settings: defaultSettings(), valid: false };
  }
  const whole = settingsSchema.safeParse(raw);
  if (whole.success) return { settings: whole.data, valid: true };
  const record = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};

  const installationId = z.uuid().safeParse(record.installationId);
  const accounts: DeviceAccount[] = [];
  for (const candidate of Array.isArray(record.accounts) ? record.accounts : []) {
    const account = deviceAccountSchema.safeParse(candidate);
    if (account.success && accounts.length < MAX_ACCOUNTS && !accounts.some((existing) => existing.localUuid === account.data.localUuid)) accounts.push(account.data);
  }
  const idle = idleLockMinutesSchema.safeParse(record.idleLockMinutes);
  const defaults = defaultSettings(installationId.success ? installationId.data : undefined);
  const shortcut = quickAccessShortcut.safeParse(record.quickAccessShortcut);
  const settings = {
    ...defaults,
    accounts,
    idleLockMinutes: idle.success ? idle.data : DEFAULT_IDLE_LOCK_MINUTES,
    quickAccessShortcut: shortcut.success ? shortcut.data : defaults.quickAccessShortcut,
    autoUpdate: typeof record.autoUpdate === 'boolean' ? record.autoUpdate : defaults.autoUpdate,
  };
  return { settings: settingsSchema.parse(settings), valid: false };
}

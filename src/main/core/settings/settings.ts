/**
 * App settings: `settings.json` in the data folder, written by conf (atomically, owner-only
 * 0600). Only non-secret things: the accounts signed in on this device, the active one, the
 * idle-lock timeout and this installation's id. Device secrets live in the OS keychain
 * (src/main/core/device/keychain.ts), and the schema below is strict at every level, so a
 * field it does not name (a Secret Key, a password, a token) can never be stored here.
 *
 * What is read back is validated. A corrupt or tampered file does not stop the app: each
 * field that is still valid is kept (above all the installation id, which names this
 * installation's keychain entries), the rest fall back to defaults, unknown fields are
 * dropped, the repaired settings are written back, and `problems` says what happened.
 *
 * One process owns a data folder at a time; the store keeps its own copy in memory and
 * writes it through on every change.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { z } from 'zod';
import { emailSchema } from '../../../shared/server-api/http';
import { MAX_IDLE_LOCK_MINUTES } from '../../../shared/ipc/channels/lock';

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
  /** ISO 8601 UTC; null until the first unlock on this device. */
  lastUnlockedAt: z.iso.datetime().nullable(),
});
export type DeviceAccount = z.infer<typeof deviceAccountSchema>;

const idleLockMinutesSchema = z.int().min(1).max(MAX_IDLE_LOCK_MINUTES);

export const settingsSchema = z
  .strictObject({
    version: z.literal(SETTINGS_VERSION),
    /** Random, made once per data folder; scopes this installation's keychain entries. */
    installationId: z.uuid(),
    accounts: z.array(deviceAccountSchema).max(MAX_ACCOUNTS),
    /** The local uuid of the account the app opens on; null when none is signed in. */
    activeAccount: z.uuid().nullable(),
    idleLockMinutes: idleLockMinutesSchema,
  })
  .superRefine((settings, context) => {
    const seen = new Set<string>();
    settings.accounts.forEach((account, index) => {
      if (seen.has(account.localUuid)) context.addIssue({ code: 'custom', path: ['accounts', index, 'localUuid'], message: 'duplicate account' });
      seen.add(account.localUuid);
    });
    if (settings.activeAccount !== null && !seen.has(settings.activeAccount)) {
      context.addIssue({ code: 'custom', path: ['activeAccount'], message: 'not one of the accounts' });
    }
  });
export type Settings = z.infer<typeof settingsSchema>;

/** Something that was wrong with the file when it was opened, and what was done about it. */
export interface SettingsProblem {
  /** The field, as a dotted path (`accounts.1.email`); '' for the whole file. */
  field: string;
  message: string;
}

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

export function defaultSettings(installationId: string = randomUUID()): Settings {
  return { version: SETTINGS_VERSION, installationId, accounts: [], activeAccount: null, idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES };
}

export class SettingsStore {
  readonly path: string;
  /** What was repaired when the file was opened; empty when it was missing or valid. */
  readonly problems: readonly SettingsProblem[];
  #conf: Conf<Settings>;
  #settings: Settings;

  private constructor(path: string, conf: Conf<Settings>, settings: Settings, problems: SettingsProblem[]) {
    this.path = path;
    this.#conf = conf;
    this.#settings = settings;
    this.problems = Object.freeze(problems.map((problem) => Object.freeze(problem)));
  }

  /**
   * Opens (creating if needed) the settings of the data folder `dataDir`. Never throws for a
   * damaged file (see `problems`); throws SettingsError 'io' if the folder or file cannot be
   * read or written at all.
   */
  static open(dataDir: string): SettingsStore {
    const path = join(dataDir, SETTINGS_FILE_NAME);
    let text: string | null;
    try {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError('read', path, error);
      text = null;
    }
    const { settings, problems } = text === null ? { settings: defaultSettings(), problems: [] } : repair(text);
    const mustWrite = text === null || problems.length > 0;
    try {
      // conf would read the damaged file and refuse it; it writes `defaults` to a missing file.
      if (mustWrite && text !== null) unlinkSync(path);
      const conf = new Conf<Settings>({
        cwd: dataDir,
        configName: 'settings',
        fileExtension: 'json',
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        defaults: settings,
        // Everything conf reads back must pass the schema too.
        deserialize: (raw) => settingsSchema.parse(JSON.parse(raw)),
      });
      if (!mustWrite) tightenMode(path);
      return new SettingsStore(path, conf, settings, problems);
    } catch (error) {
      throw ioError('write', path, error);
    }
  }

  /** A snapshot of all settings (a copy: changing it changes nothing). */
  get(): Settings {
    return structuredClone(this.#settings);
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

  activeAccount(): DeviceAccount | null {
    return this.#settings.activeAccount === null ? null : this.account(this.#settings.activeAccount);
  }

  /** Adds the account, or replaces the one with the same local uuid. */
  saveAccount(account: DeviceAccount): void {
    const checked = check(deviceAccountSchema, account, 'account');
    const accounts = this.#settings.accounts.filter((existing) => existing.localUuid !== checked.localUuid);
    const index = this.#settings.accounts.findIndex((existing) => existing.localUuid === checked.localUuid);
    accounts.splice(index === -1 ? accounts.length : index, 0, checked);
    this.#write({ ...this.#settings, accounts });
  }

  /** Forgets the account on this device (and makes it inactive). False if it was not there. */
  removeAccount(localUuid: string): boolean {
    if (!this.#settings.accounts.some((account) => account.localUuid === localUuid)) return false;
    this.#write({
      ...this.#settings,
      accounts: this.#settings.accounts.filter((account) => account.localUuid !== localUuid),
      activeAccount: this.#settings.activeAccount === localUuid ? null : this.#settings.activeAccount,
    });
    return true;
  }

  /** `localUuid` must be one of the accounts, or null for none. */
  setActiveAccount(localUuid: string | null): void {
    this.#write({ ...this.#settings, activeAccount: localUuid });
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

  #write(next: Settings): void {
    const checked = check(settingsSchema, next, 'settings');
    try {
      this.#conf.store = checked;
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
 * Salvages what it can from a settings file: every valid field is kept, anything else is
 * reported and replaced by its default. Exported for tests.
 */
export function repair(text: string): { settings: Settings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { settings: defaultSettings(), problems: [{ field: '', message: 'The settings file is not valid JSON; defaults were used.' }] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings: defaultSettings(), problems: [{ field: '', message: 'The settings file does not hold an object; defaults were used.' }] };
  }
  const record = raw as Record<string, unknown>;
  const known = new Set(['version', 'installationId', 'accounts', 'activeAccount', 'idleLockMinutes']);
  for (const key of Object.keys(record)) {
    // Names only: an unknown field's value is not repeated anywhere.
    if (!known.has(key)) problems.push({ field: key, message: 'Unknown field removed.' });
  }
  if (record.version !== SETTINGS_VERSION) problems.push({ field: 'version', message: `Not version ${SETTINGS_VERSION}; read as version ${SETTINGS_VERSION}.` });

  const installationId = z.uuid().safeParse(record.installationId);
  if (!installationId.success) problems.push({ field: 'installationId', message: 'Missing or not a uuid; a new installation id was made.' });

  const accounts: DeviceAccount[] = [];
  if (Array.isArray(record.accounts)) {
    record.accounts.forEach((candidate, index) => {
      const account = deviceAccountSchema.safeParse(candidate);
      if (!account.success) {
        const fields = [...new Set(account.error.issues.map((issue) => issue.path.join('.') || 'account'))].join(', ');
        problems.push({ field: `accounts.${index}`, message: `Invalid account removed (${fields}).` });
      } else if (accounts.some((existing) => existing.localUuid === account.data.localUuid)) {
        problems.push({ field: `accounts.${index}`, message: 'Duplicate account removed.' });
      } else if (accounts.length >= MAX_ACCOUNTS) {
        problems.push({ field: `accounts.${index}`, message: `More than ${MAX_ACCOUNTS} accounts; removed.` });
      } else {
        accounts.push(account.data);
      }
    });
  } else {
    problems.push({ field: 'accounts', message: 'Missing or not a list; no accounts kept.' });
  }

  let activeAccount: string | null = null;
  if (typeof record.activeAccount === 'string' && accounts.some((account) => account.localUuid === record.activeAccount)) {
    activeAccount = record.activeAccount;
  } else if (record.activeAccount !== null) {
    problems.push({ field: 'activeAccount', message: 'Not one of the accounts; no account is active.' });
  }

  const idle = idleLockMinutesSchema.safeParse(record.idleLockMinutes);
  if (!idle.success) problems.push({ field: 'idleLockMinutes', message: `Missing or out of range; set to ${DEFAULT_IDLE_LOCK_MINUTES}.` });

  const settings = settingsSchema.parse({
    ...defaultSettings(installationId.success ? installationId.data : undefined),
    accounts,
    activeAccount,
    idleLockMinutes: idle.success ? idle.data : DEFAULT_IDLE_LOCK_MINUTES,
  });
  return { settings, problems };
}

/**
 * The idle-lock channels through the real router and handlers, with a real settings file:
 * a good value is saved and survives a restart; a bad one gets a clear error and changes nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appOrigins } from '../../../src/shared/app-shell';
import { AutoLock, type Clock } from '../../../src/main/core/lock/auto-lock';
import { lockHandlers } from '../../../src/main/core/lock/handlers';
import { createRouter, type Handlers } from '../../../src/main/core/ipc/router';
import { SettingsStore } from '../../../src/main/core/settings/settings';

const app = { frameUrl: `${appOrigins.browser}/index.html` };
let dataDir: string;
let time: number;
let tick: () => void;
let locks: number;
const clock: Clock = { now: () => time, awake: () => time, every: (_ms, fn) => ((tick = fn), () => undefined) };
/** Time passes with the machine awake: the timer ticks every second. */
const pass = (ms: number) => {
  for (let elapsed = 0; elapsed < ms; elapsed += 1_000) {
    time += 1_000;
    tick();
  }
};

function start() {
  const settings = SettingsStore.open(dataDir);
  const autoLock = new AutoLock({ lockAll: () => locks++, idleMs: () => settings.idleLockMinutes * 60_000, clock });
  autoLock.start();
  const route = createRouter({ handlers: lockHandlers({ autoLock, settings }) as Handlers, allowedOrigins: [appOrigins.browser], onInternalError: (_channel, error) => { throw error; } });
  return { settings, route };
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'latchkey-lock-'));
  time = 1_700_000_000_000;
  locks = 0;
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('lock channels', () => {
  it('reads and saves the idle time, which survives a restart and applies at once', async () => {
    const { route } = start();
    expect(await route(app, 'lock.settings', {})).toEqual({ ok: true, value: { idleLockMinutes: 10 } });
    expect(await route(app, 'lock.saveSettings', { idleLockMinutes: 3 })).toEqual({ ok: true, value: { idleLockMinutes: 3 } });
    pass(3 * 60_000);
    expect(locks).toBe(1);
    expect(await start().route(app, 'lock.settings', {})).toEqual({ ok: true, value: { idleLockMinutes: 3 } });
  });

  it.each([0, -5, 1441, 2.5, Number.NaN, null, '10', undefined])('refuses %s minutes with a clear error and keeps the setting', async (idleLockMinutes) => {
    const { route, settings } = start();
    await route(app, 'lock.saveSettings', { idleLockMinutes: 30 });
    const file = readFileSync(settings.path, 'utf8');
    const result = await route(app, 'lock.saveSettings', { idleLockMinutes });
    expect(result).toEqual({ ok: false, error: { code: 'bad-request', message: 'Invalid idleLockMinutes: Enter a whole number of minutes from 1 to 1440.' } });
    expect(readFileSync(settings.path, 'utf8')).toBe(file);
    expect(await route(app, 'lock.settings', {})).toEqual({ ok: true, value: { idleLockMinutes: 30 } });
  });

  it('refuses extra fields', async () => {
    const { route } = start();
    expect(await route(app, 'lock.saveSettings', { idleLockMinutes: 5, secretKey: 'A3-XXXX' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await route(app, 'lock.activity', { at: 1 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await route(app, 'lock.settings', {})).toEqual({ ok: true, value: { idleLockMinutes: 10 } });
  });

  it('an activity report postpones the idle lock', async () => {
    const { route } = start();
    pass(9 * 60_000);
    expect(await route(app, 'lock.activity', {})).toEqual({ ok: true, value: {} });
    pass(9 * 60_000);
    expect(locks).toBe(0);
    pass(60_000);
    expect(locks).toBe(1);
  });
});

/** The application and tray menus, read from their pure template builders. */
import { describe, expect, it } from 'vitest';
import { appMenuTemplate, trayMenuTemplate, type MenuActions } from '../../../src/main/electron/app-menu';
import { findItem, type MenuItem } from './electron-stand-in';

function recordingActions(): MenuActions & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record = (name: string) => (...args: unknown[]) => void calls.push([name, ...args]);
  return { calls, command: record('command'), lockAll: record('lockAll'), quickAccess: record('quickAccess'), openWindow: record('openWindow'), checkForUpdates: record('checkForUpdates'), quit: record('quit') };
}

const roles = (menu: MenuItem[]): string[] => menu.flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu ?? [])]);

describe('the application menu', () => {
  it.each(['darwin', 'linux', 'win32'] as const)('on %s: every command with its shortcut, each calling its action', (platform) => {
    const actions = recordingActions();
    const menu = appMenuTemplate({ platform, packaged: true }, actions) as MenuItem[];
    const expected: [string, string | undefined, unknown[]][] = [
      ['New Item', 'CommandOrControl+N', ['command', 'new-item']],
      ['Find', 'CommandOrControl+F', ['command', 'find']],
      ['Lock All', 'CommandOrControl+Shift+L', ['lockAll']],
      ['Quick Access', undefined, ['quickAccess']],
      [platform === 'darwin' ? 'Settings…' : 'Settings', 'CommandOrControl+,', ['command', 'settings']],
      ['Import…', undefined, ['command', 'import']],
      ['Export…', undefined, ['command', 'export']],
      ['Check for Updates…', undefined, ['checkForUpdates']],
      ['Recovery Guide', undefined, ['command', 'recovery-guide']],
    ];
    for (const [label, accelerator, call] of expected) {
      const item = findItem(menu, label);
      expect(item?.accelerator).toBe(accelerator);
      item?.click?.();
      expect(actions.calls.at(-1)).toEqual(call);
    }
    expect(roles(menu)).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'quit', 'togglefullscreen']));
    expect(roles(menu).includes('about')).toBe(platform === 'darwin');
  });

  it('has no DevTools entry (nor reload) when packaged, and has them in development', () => {
    const packaged = roles(appMenuTemplate({ platform: 'linux', packaged: true }, recordingActions()) as MenuItem[]);
    const development = roles(appMenuTemplate({ platform: 'linux', packaged: false }, recordingActions()) as MenuItem[]);
    expect(packaged).not.toContain('toggleDevTools');
    expect(packaged).not.toContain('reload');
    expect(development).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });
});

describe('the tray menu', () => {
  it('offers Open Latchkey, Quick Access, Lock All and Quit, each calling its action', () => {
    const actions = recordingActions();
    const menu = trayMenuTemplate(actions) as MenuItem[];
    expect(menu.map((item) => item.label).filter(Boolean)).toEqual(['Open Latchkey', 'Quick Access', 'Lock All', 'Quit Latchkey']);
    for (const item of menu) item.click?.();
    expect(actions.calls).toEqual([['openWindow'], ['quickAccess'], ['lockAll'], ['quit']]);
  });
});

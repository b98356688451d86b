/**
 * The application menu and the tray menu, as templates built by pure functions (so a unit test
 * reads them without Electron): main.ts passes them to Menu.buildFromTemplate. Commands that act
 * in the window reach the renderer as the 'app.command' event; Lock All, Quick Access and updates
 * are done by the main process itself. A packaged build has no DevTools
 * entry (and no reload); an unpackaged one keeps them for development.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/ipc/events';

export interface MenuActions {
  /** Shows the window and sends it the command. */
  command(command: Extract<AppCommand, 'new-item' | 'find' | 'settings' | 'import' | 'export' | 'recovery-guide'>): void;
  lockAll(): void;
  quickAccess(): void;
  openWindow(): void;
  checkForUpdates(): void;
  quit(): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  packaged: boolean;
}

export const lockAllAccelerator = 'CommandOrControl+Shift+L';

export function appMenuTemplate({ platform, packaged }: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const settings: MenuItemConstructorOptions = { label: mac ? 'Settings…' : 'Settings', accelerator: 'CommandOrControl+,', click: () => actions.command('settings') };
  const updates: MenuItemConstructorOptions = { label: 'Check for Updates…', click: () => actions.checkForUpdates() };
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const development: MenuItemConstructorOptions[] = packaged ? [] : [{ role: 'reload' }, { role: 'toggleDevTools' }, separator];
  return [
    ...(mac ? [{ label: 'Latchkey', submenu: [{ role: 'about' }, separator, settings, updates, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }] } satisfies MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Item', accelerator: 'CommandOrControl+N', click: () => actions.command('new-item') },
        separator,
        { label: 'Import…', click: () => actions.command('import') },
        { label: 'Export…', click: () => actions.command('export') },
        separator,
        { label: 'Lock All', accelerator: lockAllAccelerator, click: () => actions.lockAll() },
        separator,
        ...(mac ? [{ role: 'close' } as const] : [settings, separator, { role: 'quit' } as const]),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Find', accelerator: 'CommandOrControl+F', click: () => actions.command('find') },
        { label: 'Quick Access', click: () => actions.quickAccess() },
        separator,
        ...development,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Recovery Guide', click: () => actions.command('recovery-guide') }, ...(mac ? [] : [separator, updates])] },
  ];
}

/** The tray (menu-bar) icon's menu. */
export function trayMenuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Latchkey', click: () => actions.openWindow() },
    { label: 'Quick Access', click: () => actions.quickAccess() },
    { label: 'Lock All', click: () => actions.lockAll() },
    { type: 'separator' },
    { label: 'Quit Latchkey', click: () => actions.quit() },
  ];
}

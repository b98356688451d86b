/**
 * Menu and tray commands that act in the window (New Item, Find, Settings, Import…, Export…).
 * The main process sends each as the 'app.command' event; a screen that can act on one calls
 *
 *   useAppCommand('new-item', () => openNewItemSheet());
 *
 * and its handler runs each time the user picks that command, for as long as the screen is
 * mounted (a command no mounted screen handles does nothing). Lock All and Quick Access are
 * done by the main process itself; the names exist so keyboard shortcuts can share them.
 */
import type { AppCommand } from '../../shared/ipc/events';
import { useEvent } from '../ipc/use-event';

export function useAppCommand(command: AppCommand, handler: () => void): void {
  useEvent('app.command', (payload) => {
    if (payload.command === command) handler();
  });
}

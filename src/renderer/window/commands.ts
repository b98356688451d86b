/**
 * The window's commands and their keyboard shortcuts, in one map. The shortcuts, and the app
 * menu when the Electron host sends a command, both run a command by its name through the
 * window's one `runCommand`.
 */
import { useEffect, useRef } from 'react';

export const COMMANDS = ['search', 'new-item', 'copy-password', 'copy-username', 'lock'] as const;
export type CommandName = (typeof COMMANDS)[number];
export type Commands = Record<CommandName, () => void>;

/** Each with Ctrl (Cmd on macOS). */
export const SHORTCUTS: readonly { command: CommandName; key: string; shift: boolean; does: string }[] = [
  { command: 'search', key: 'F', shift: false, does: 'Search the items' },
  { command: 'new-item', key: 'N', shift: false, does: 'New item' },
  { command: 'copy-password', key: 'C', shift: true, does: "Copy the selected item's password" },
  { command: 'copy-username', key: 'U', shift: true, does: "Copy the selected item's username" },
  { command: 'lock', key: 'L', shift: true, does: 'Lock the account' },
];

/** The command a key press asks for, if any: Ctrl or Cmd with the key (and Shift where the map says so), nothing else. */
export function commandOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): CommandName | null {
  if (event.ctrlKey === event.metaKey || event.altKey) return null;
  const key = event.key.toUpperCase();
  return SHORTCUTS.find((shortcut) => shortcut.key === key && shortcut.shift === event.shiftKey)?.command ?? null;
}

/** Runs the window's commands from their shortcuts while it is mounted; `run` may change between renders. */
export function useShortcuts(run: (command: CommandName) => void): void {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = commandOf(event);
      if (!command) return;
      event.preventDefault();
      latest.current(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

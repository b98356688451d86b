/**
 * The decrypted store loads an account's vaults as the account unlocks (ahead of the window's
 * first ask), once, and that first ask still counts as the one that loaded them; for the command
 * line, only when first asked for.
 */
import { describe, expect, it } from 'vitest';
import type { AccountChange } from '../../../src/main/core/account/account-view';
import type { AccountVaults } from '../../../src/main/core/vault/open-vault';
import { HeldVaults } from '../../../src/main/core/vault/held-vaults';

function standIn(loadAtUnlock?: boolean) {
  const listeners: ((id: string, change: AccountChange) => void)[] = [];
  const loads: string[] = [];
  const accounts = {
    onLock: (listener: (id: string) => void) => listeners.push((id, change) => change.state === 'locked' && listener(id)),
    onChange: (listener: (id: string, change: AccountChange) => void) => listeners.push(listener),
  };
  const held = new HeldVaults(accounts, (id) => {
    loads.push(id);
    return Promise.resolve({ vaults: new Map(), lifetime: new AbortController() } as unknown as AccountVaults);
  }, loadAtUnlock);
  const tell = (id: string, change: AccountChange) => listeners.forEach((listener) => listener(id, change));
  return { held, loads, tell };
}

describe('HeldVaults', () => {
  it('loads the vaults when the account unlocks, before anything asks, and only once', async () => {
    const { held, loads, tell } = standIn();
    tell('a', { state: 'unlocked' });
    expect(loads).toEqual(['a']);
    expect(held.isLoaded('a')).toBe(false); // the first ask is the one that loaded them
    await held.account('a');
    expect(held.isLoaded('a')).toBe(true);
    expect(loads).toEqual(['a']);
  });

  it('loads them again after a lock and a new unlock', async () => {
    const { held, loads, tell } = standIn();
    tell('a', { state: 'unlocked' });
    tell('a', { state: 'locked', reason: 'user' });
    expect(held.isLoaded('a')).toBe(false);
    tell('a', { state: 'unlocked' });
    await held.account('a');
    expect(loads).toEqual(['a', 'a']);
  });

  it('for the command line, loads nothing at unlock: only when first asked for', async () => {
    const { held, loads, tell } = standIn(false);
    tell('a', { state: 'unlocked' });
    expect(loads).toEqual([]);
    expect(held.isLoaded('a')).toBe(false);
    await held.account('a');
    expect(loads).toEqual(['a']);
    expect(held.isLoaded('a')).toBe(true);
  });
});

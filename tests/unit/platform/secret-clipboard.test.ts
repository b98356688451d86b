import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClipboardPort } from '../../../src/main/core/platform/ports';
import { createSecretClipboard, SECRET_CLIPBOARD_LIFETIME_MS } from '../../../src/main/core/platform/secret-clipboard';

/** A clipboard that behaves like the system's: one text, replaced by each write. */
function memoryClipboard() {
  let text = '';
  const port: ClipboardPort = {
    writeSecret: async (value) => void (text = value),
    readText: async () => text,
    clear: async () => void (text = ''),
  };
  return { port, current: () => text, userCopies: (value: string) => void (text = value) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('secret clipboard', () => {
  it('clears a copied secret after 90 seconds, not before', async () => {
    const clipboard = memoryClipboard();
    const { clearsAt } = await createSecretClipboard(clipboard.port).copy('K1-SECRET', 'alice');
    expect(SECRET_CLIPBOARD_LIFETIME_MS).toBe(90_000);
    expect(clearsAt.getTime() - Date.now()).toBe(90_000);
    await vi.advanceTimersByTimeAsync(89_999);
    expect(clipboard.current()).toBe('K1-SECRET');
    await vi.advanceTimersByTimeAsync(1);
    expect(clipboard.current()).toBe('');
  });

  it('leaves the clipboard alone if the user copied something else meanwhile', async () => {
    const clipboard = memoryClipboard();
    await createSecretClipboard(clipboard.port).copy('K1-SECRET', 'alice');
    clipboard.userCopies('shopping list');
    await vi.advanceTimersByTimeAsync(90_000);
    expect(clipboard.current()).toBe('shopping list');
  });

  it('restarts the countdown when another secret is copied', async () => {
    const clipboard = memoryClipboard();
    const secrets = createSecretClipboard(clipboard.port);
    await secrets.copy('first', 'alice');
    await vi.advanceTimersByTimeAsync(60_000);
    await secrets.copy('second', 'alice');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clipboard.current()).toBe('second');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(clipboard.current()).toBe('');
  });

  it('takes the secret back when its account locks, not when another account does', async () => {
    const clipboard = memoryClipboard();
    const secrets = createSecretClipboard(clipboard.port);
    await secrets.copy('hunter2', 'alice');
    await secrets.accountLocked('bob');
    expect(clipboard.current()).toBe('hunter2');
    await secrets.accountLocked('alice');
    expect(clipboard.current()).toBe('');
  });

  it('leaves what the user copied after the secret when the account locks', async () => {
    const clipboard = memoryClipboard();
    const secrets = createSecretClipboard(clipboard.port);
    await secrets.copy('hunter2', 'alice');
    clipboard.userCopies('shopping list');
    await secrets.accountLocked('alice');
    expect(clipboard.current()).toBe('shopping list');
  });

  it('takes the secret back when the app quits', async () => {
    const clipboard = memoryClipboard();
    const secrets = createSecretClipboard(clipboard.port);
    await secrets.copy('hunter2', 'alice');
    await secrets.clearNow();
    expect(clipboard.current()).toBe('');
  });
});

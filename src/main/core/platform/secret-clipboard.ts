/**
 * Copies a secret and takes it back: after `clearAfterMs`, when the account it came from
 * locks, and when the app quits, the clipboard is cleared, but only if it still holds what we
 * put there (the user may have copied something else since).
 */
import type { ClipboardPort } from './ports';

export const SECRET_CLIPBOARD_LIFETIME_MS = 90_000;

export function createSecretClipboard(clipboard: ClipboardPort, clearAfterMs = SECRET_CLIPBOARD_LIFETIME_MS) {
  let pending: ReturnType<typeof setTimeout> | undefined;
  /** The secret on the clipboard now, and the account it belongs to. */
  let held: { text: string; accountId: string } | undefined;

  async function takeBack(): Promise<void> {
    clearTimeout(pending);
    pending = undefined;
    const last = held;
    held = undefined;
    if (!last) return;
    const current = await clipboard.readText().catch(() => undefined);
    if (current === last.text) await clipboard.clear().catch(() => undefined);
  }

  return {
    /** Copies `text`, a secret of `accountId`; resolves with when it will be cleared. */
    async copy(text: string, accountId: string): Promise<{ clearsAt: Date }> {
      clearTimeout(pending);
      await clipboard.writeSecret(text);
      held = { text, accountId };
      pending = setTimeout(() => void takeBack(), clearAfterMs);
      pending.unref?.();
      return { clearsAt: new Date(Date.now() + clearAfterMs) };
    },
    /** The account locked: its secret leaves the clipboard now. */
    async accountLocked(accountId: string): Promise<void> {
      if (held?.accountId === accountId) await takeBack();
    },
    /** The app is quitting: no secret outlives it on the clipboard. */
    clearNow: takeBack,
  };
}

/**
 * Copies a secret and takes it back: after `clearAfterMs` the clipboard is cleared, but only
 * if it still holds what we put there (the user may have copied something else since).
 */
import type { ClipboardPort } from './ports';

export const SECRET_CLIPBOARD_LIFETIME_MS = 90_000;

export function createSecretClipboard(clipboard: ClipboardPort, clearAfterMs = SECRET_CLIPBOARD_LIFETIME_MS) {
  let pending: ReturnType<typeof setTimeout> | undefined;
  return {
    /** Copies `text`; resolves with when it will be cleared. */
    async copy(text: string): Promise<{ clearsAt: Date }> {
      clearTimeout(pending);
      await clipboard.writeSecret(text);
      pending = setTimeout(() => {
        pending = undefined;
        void clipboard
          .readText()
          .then((current) => (current === text ? clipboard.clear() : undefined))
          .catch(() => undefined);
      }, clearAfterMs);
      pending.unref?.();
      return { clearsAt: new Date(Date.now() + clearAfterMs) };
    },
  };
}

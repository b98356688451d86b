/**
 * An opened item as it crosses to the window: a login's one-time password setup stays in the main
 * process (`otp` is '' and `hasOtp` says whether there is one; codes come from 'vault.otp').
 */
import type { VaultItem } from './open-vault';

export type ScreenItem = VaultItem & { hasOtp: boolean };

export function forScreen(item: VaultItem): ScreenItem {
  const { fields } = item;
  if (fields.type !== 'login') return { ...item, hasOtp: false };
  return { ...item, fields: { ...fields, otp: '' }, hasOtp: fields.otp !== '' };
}

type Shown<T> = { [K in keyof T]: T[K] extends VaultItem ? ScreenItem : T[K] extends VaultItem | null ? ScreenItem | null : T[K] };

/** A write's outcome with its `item` (or a conflict's `current`) as the window may see it. */
export function shownOutcome<T extends object>(outcome: T): Shown<T> {
  const shown = { ...outcome } as Record<string, unknown>;
  for (const key of ['item', 'current']) if (shown[key]) shown[key] = forScreen(shown[key] as VaultItem);
  return shown as Shown<T>;
}

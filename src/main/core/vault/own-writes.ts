/**
 * A vault's cursor moved over this device's own writes (docs/security-design.md §13.1, "A device's
 * own writes"). Each write carries the vault's cursor as it stands (SINCE_HEADER); the server
 * answers the vault's cursor after the write only when no change of the vault lay after that
 * cursor before it. The device then takes that cursor if the write's answer was taken in and the
 * cursor is still the one it sent (no pull or other write moved it meanwhile); otherwise it keeps
 * its cursor, and the next pull brings the write back, as before. Without this, the first pull
 * after an import of 10,000 items downloaded all of them again.
 *
 * A server that answers a cursor past another device's change withholds that change, which it can
 * always do by answering an empty page: nothing it answers is taken in without the checks of a
 * pull (applyItem), and the device's own sealed items are what it holds.
 */
import { SINCE_HEADER } from '../../../shared/server-api/vault';
import type { OpenVault } from './open-vault';

/** The header a write carries: the cursor the device holds for the vault (or, within an import, the one the batch before answered). */
export const sinceHeader = (since: string): Record<string, string> => ({ [SINCE_HEADER]: since });

/** Takes the cursor a write's answer gave (`after`), when every item it wrote was taken in and the vault's cursor is still `since`. */
export function moveOverOwnWrite(vault: OpenVault, since: string, after: string | undefined, taken: boolean): void {
  if (after !== undefined && taken && vault.cursor === since && !vault.lifetime.signal.aborted) vault.cursor = after;
}

/** Whether a write's answer was taken in: the vault has seen this version of the item last, and holds it (or, deleted, no longer holds it). */
export function tookIn(vault: OpenVault, itemId: string, version: number, deleted = false): boolean {
  return vault.seen.get(itemId) === version && (deleted ? !vault.items.has(itemId) : vault.items.get(itemId)?.version === version);
}

/**
 * How an import can be run again without making duplicates: an entry is skipped when its
 * fields are exactly those of an item already in the vault (or of an earlier entry of the same
 * file), compared as canonical JSON (keys sorted, so the order a parser wrote them in does not
 * matter). An item edited since the last import is no longer equal, so its entry comes in again.
 */
import type { ItemFields } from '../../../shared/vault/item-fields';

export function fieldsKey(fields: ItemFields): string {
  return JSON.stringify(fields, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : value,
  );
}

/** The entries to import: those equal to no existing item and to no earlier entry. */
export function withoutDuplicates(entries: readonly ItemFields[], existing: readonly ItemFields[]): { toImport: ItemFields[]; duplicates: number } {
  const seen = new Set(existing.map(fieldsKey));
  const toImport: ItemFields[] = [];
  for (const entry of entries) {
    const key = fieldsKey(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    toImport.push(entry);
  }
  return { toImport, duplicates: entries.length - toImport.length };
}

/**
 * How an import can be run again without making duplicates: an entry is skipped when its
 * fields are exactly those of an item already in the vault (or of an earlier entry of the same
 * file), compared as canonical JSON (keys sorted, so the order a parser wrote them in does not
 * matter). An item edited since the last import is no longer equal, so its entry comes in again.
 */
import type { ItemFields } from '../../../shared/vault/item-fields';

/**
 * The fields as canonical JSON: what JSON.stringify writes, with every object's keys in code-unit order. Written out
 * directly, not through a replacer that copies each object sorted (that was half of an import preview's time in the
 * main core at 10,000 entries).
 */
export function fieldsKey(fields: ItemFields): string {
  return canonicalJson(fields);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((entry) => (entry === undefined ? 'null' : canonicalJson(entry))).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const object = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(object).sort()) if (object[key] !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(object[key])}`);
  return `{${members.join(',')}}`;
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

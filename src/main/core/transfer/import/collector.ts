/**
 * What every import parser fills in: the items in our plain form, and every field of the
 * source that has no place of its own, which goes into a custom field (or, past the custom
 * field limit, into the notes) and is counted by name for the preview. Nothing is dropped.
 */
import { ITEM_LIMITS, itemFields, itemTypes, type CustomFieldKind, type FieldsOf, type ItemFields, type ItemType } from '../../../../shared/vault/item-fields';
import type { importFormatNames } from '../../../../shared/ipc/channels/transfer';
import { blankItem } from '../../../../shared/vault/blank-item';
import { ImportError } from './import-error';

export type ImportFormat = (typeof importFormatNames)[number];

/** One source field that had no place of its own, in how many items, and where it went (attached files have nowhere to go). */
export interface UnmappedField {
  field: string;
  placedIn: 'custom-field' | 'notes' | 'not-imported';
  items: number;
}

export interface ImportResult {
  format: ImportFormat;
  items: ItemFields[];
  counts: Record<ItemType, number>;
  unmapped: UnmappedField[];
}

/** A source field to keep beside the mapped ones. */
export interface ExtraField {
  label: string;
  value: string;
  kind?: CustomFieldKind;
}

/** An item of the given type with every field empty but its title (trimmed, cut to the limit, or "Untitled"), to be filled in by a parser. */
export function titledItem<T extends ItemType>(type: T, title: string): FieldsOf<T> {
  return { ...blankItem(type), title: title.trim().slice(0, ITEM_LIMITS.title) || 'Untitled' };
}

export class ImportCollector {
  private readonly items: ItemFields[] = [];
  private readonly unmapped = new Map<string, UnmappedField>();

  constructor(private readonly format: ImportFormat) {}

  /** Adds an item with the source fields that have no place of their own (empty ones are left out). */
  add(item: ItemFields, extras: readonly ExtraField[] = []): void {
    const tags = [...new Set(item.tags.map((tag) => tag.trim().slice(0, ITEM_LIMITS.tag)).filter(Boolean))].slice(0, ITEM_LIMITS.tags);
    const placed: ItemFields = { ...item, tags, customFields: [...item.customFields] };
    for (const extra of extras) {
      if (extra.value.trim() === '') continue;
      const label = extra.label.trim().slice(0, ITEM_LIMITS.tag) || 'Field';
      const fits = placed.customFields.length < ITEM_LIMITS.customFields && extra.value.length <= ITEM_LIMITS.customValue;
      if (fits) placed.customFields.push({ label, kind: extra.kind ?? 'text', value: extra.value });
      else placed.notes = placed.notes ? `${placed.notes}\n\n${label}: ${extra.value}` : `${label}: ${extra.value}`;
      this.count(label, fits ? 'custom-field' : 'notes');
    }
    const checked = itemFields.safeParse(placed);
    if (!checked.success) {
      const field = checked.error.issues[0]?.path.join('.') ?? 'a field';
      throw new ImportError('corrupt', `Entry ${this.items.length + 1} has a value Latchkey cannot hold (${field} is too long or malformed), so nothing was imported.`);
    }
    this.items.push(checked.data);
  }

  /** The result; `alsoUnmapped` names what the source held outside its items. */
  finish(alsoUnmapped: readonly UnmappedField[] = []): ImportResult {
    const counts = Object.fromEntries(itemTypes.map((type) => [type, 0])) as Record<ItemType, number>;
    for (const item of this.items) counts[item.type] += 1;
    return { format: this.format, items: this.items, counts, unmapped: [...this.unmapped.values(), ...alsoUnmapped] };
  }

  private count(field: string, placedIn: UnmappedField['placedIn']): void {
    const key = `${placedIn}\u0000${field}`;
    const seen = this.unmapped.get(key);
    if (seen) seen.items += 1;
    else this.unmapped.set(key, { field, placedIn, items: 1 });
  }
}

/** "MM/YYYY" from a month and a year as sources write them (1–12, and 2 or 4 digits), or '' when they do not make one. */
export function expiryOf(month: string | number | undefined, year: string | number | undefined): string {
  const m = Number(month);
  let y = Number(year);
  if (!Number.isInteger(m) || m < 1 || m > 12 || !Number.isInteger(y)) return '';
  if (y < 100) y += 2000;
  if (y < 1000 || y > 9999) return '';
  return `${String(m).padStart(2, '0')}/${y}`;
}

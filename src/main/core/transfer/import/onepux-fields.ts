/**
 * A 1PUX section field's value, which is one keyed object (`{ concealed: "…" }`,
 * `{ date: 1617235200 }`, `{ monthYear: 202512 }`, `{ address: { street, city, … } }`, …),
 * read as text in the form our items hold, with the kind of custom field it would be.
 */
import type { CustomFieldKind } from '../../../../shared/vault/item-fields';
import type { ExtraField } from './collector';

export interface OnePuxField {
  id: string;
  title: string;
  /** The value's key: concealed, string, totp, date, monthYear, address, url, … */
  kind: string;
  text: string;
}

export function sectionFields(sections: readonly { title: string; fields?: { title: string; id: string; value: Record<string, unknown> }[] | null }[]): OnePuxField[] {
  return sections.flatMap((section) =>
    (section.fields ?? []).map((field) => {
      const [kind = 'string', raw] = Object.entries(field.value)[0] ?? [];
      return { id: field.id, title: field.title || section.title || field.id, kind, text: valueText(kind, raw) };
    }),
  );
}

/** A field with no place of its own, as a custom field of the nearest kind. */
export function fieldText(field: OnePuxField): ExtraField {
  const kinds: Record<string, CustomFieldKind> = { concealed: 'hidden', totp: 'hidden', url: 'url', date: 'date' };
  return { label: field.title, value: field.text, kind: kinds[field.kind] ?? 'text' };
}

function valueText(kind: string, raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (kind === 'date' && typeof raw === 'number') return new Date(raw * 1000).toISOString().slice(0, 10);
  if (kind === 'monthYear' && typeof raw === 'number') {
    const month = raw % 100;
    const year = Math.floor(raw / 100);
    return month >= 1 && month <= 12 && year >= 1000 && year <= 9999 ? `${String(month).padStart(2, '0')}/${year}` : String(raw);
  }
  if (kind === 'address' && typeof raw === 'object') {
    const a = raw as Record<string, unknown>;
    const part = (key: string) => (typeof a[key] === 'string' ? a[key] : '');
    return [part('street'), [part('zip'), part('city')].filter(Boolean).join(' '), part('state'), part('country')].filter(Boolean).join('\n');
  }
  return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : JSON.stringify(raw);
}

/** Adding, changing and removing an item's custom fields: text, hidden, URL or date. */
import type { CustomField, CustomFieldKind } from '../../shared/vault/item-fields';
import { Field } from '../ui/forms';

const KIND_NAMES: Record<CustomFieldKind, string> = { text: 'Text', hidden: 'Hidden', url: 'URL', date: 'Date' };
const INPUT_TYPES: Record<CustomFieldKind, string> = { text: 'text', hidden: 'password', url: 'url', date: 'date' };

export function CustomFieldsEditor({ fields, onChange, showHidden }: { fields: CustomField[]; onChange: (fields: CustomField[]) => void; showHidden: boolean }) {
  const change = (index: number, patch: Partial<CustomField>) => onChange(fields.map((field, i) => (i === index ? { ...field, ...patch } : field)));
  const add = (kind: CustomFieldKind) => onChange([...fields, { label: '', kind, value: '' }]);
  return (
    <fieldset className="custom-fields">
      <legend>Custom fields</legend>
      {fields.map((field, index) => (
        <div key={index} className="custom-field" role="group" aria-label={`Custom field ${index + 1}`}>
          <Field label={`Name of custom field ${index + 1}`} value={field.label} onChange={(e) => change(index, { label: e.target.value })} autoComplete="off" />
          <Field
            label={`${KIND_NAMES[field.kind]} value of custom field ${index + 1}`}
            type={field.kind === 'hidden' && showHidden ? 'text' : INPUT_TYPES[field.kind]}
            value={field.value}
            onChange={(e) => change(index, { value: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="button" onClick={() => onChange(fields.filter((_, i) => i !== index))}>
            Remove custom field {index + 1}
          </button>
        </div>
      ))}
      <div className="button-row">
        {(Object.keys(KIND_NAMES) as CustomFieldKind[]).map((kind) => (
          <button key={kind} type="button" onClick={() => add(kind)}>
            Add {KIND_NAMES[kind].toLowerCase()} field
          </button>
        ))}
      </div>
    </fieldset>
  );
}

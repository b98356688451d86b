/** The inputs of an item type's own fields (and a login's websites), from the one table of field specs. */
import type { ItemFields } from '../../shared/vault/item-fields';
import { Field, TextArea } from '../ui/forms';
import { FIELD_SPECS, valueOf } from './item-specs';

export function TypeFieldsEditor({ fields, onChange, urls, onUrls, showSecrets }: { fields: ItemFields; onChange: (key: string, value: string) => void; urls: string; onUrls: (urls: string) => void; showSecrets: boolean }) {
  return (
    <>
      {FIELD_SPECS[fields.type].map((spec) =>
        spec.multiline ? (
          <TextArea key={spec.key} label={spec.label} value={valueOf(fields, spec.key)} onChange={(e) => onChange(spec.key, e.target.value)} rows={3} />
        ) : (
          <Field
            key={spec.key}
            label={spec.label}
            type={spec.secret && !showSecrets ? 'password' : (spec.inputType ?? 'text')}
            className={spec.secret ? 'mono' : undefined}
            placeholder={spec.placeholder}
            value={valueOf(fields, spec.key)}
            onChange={(e) => onChange(spec.key, e.target.value)}
            autoComplete={spec.secret ? 'new-password' : 'off'}
            spellCheck={false}
          />
        ),
      )}
      {fields.type === 'login' && <TextArea label="Websites (one per line)" value={urls} onChange={(e) => onUrls(e.target.value)} rows={2} />}
    </>
  );
}

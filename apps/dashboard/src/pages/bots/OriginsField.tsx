import type { ReactNode } from 'react';
import { Field } from '../../components/Field';

interface OriginsFieldProps {
  hint: ReactNode;
  rows: number;
  placeholder?: string;
  /** The textarea's text, one origin per line; parse it with parseOrigins. */
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

/** The "Allowed origins" textarea of a bot. */
export function OriginsField({ hint, rows, placeholder, value, onChange, error }: OriginsFieldProps) {
  return (
    <Field label="Allowed origins" hint={hint} error={error}>
      {(control) => (
        <textarea
          {...control}
          className="textarea mono"
          rows={rows}
          spellCheck={false}
          autoCapitalize="off"
          placeholder={placeholder}
          value={value}
          onChange={(event) => { onChange(event.currentTarget.value); }}
        />
      )}
    </Field>
  );
}

import type { InputHTMLAttributes, ReactNode } from 'react';
import { Field } from './Field';

/** Attributes passed through to the <input>; Field supplies its id and ARIA wiring. */
type InputAttributes = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'className' | 'value' | 'onChange' | 'aria-describedby' | 'aria-invalid'
>;

interface TextFieldProps extends InputAttributes {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** Class of the field wrapper, as for Field. */
  className?: string;
  value: string;
  onChange: (value: string) => void;
}

/** A labelled text input (text, email, password…) bound to a string. */
export function TextField({ label, hint, error, className, value, onChange, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} className={className}>
      {(control) => (
        <input
          {...input}
          {...control}
          className="input"
          value={value}
          onChange={(event) => { onChange(event.currentTarget.value); }}
        />
      )}
    </Field>
  );
}

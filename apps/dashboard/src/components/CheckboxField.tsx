import { useId } from 'react';
import type { ReactNode } from 'react';

interface CheckboxFieldProps {
  label: string;
  description?: ReactNode;
  checked: boolean;
  disabled?: boolean;
  error?: string | undefined;
  onChange: (checked: boolean) => void;
}

export function CheckboxField({ label, description, checked, disabled, error, onChange }: CheckboxFieldProps) {
  const id = useId();
  const describedBy = [description ? `${id}-desc` : null, error ? `${id}-error` : null].filter(
    (s): s is string => s !== null,
  );
  return (
    <div className="check-field">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        disabled={disabled}
        aria-describedby={describedBy.length > 0 ? describedBy.join(' ') : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(event) => { onChange(event.currentTarget.checked); }}
      />
      <div>
        <label htmlFor={id}>{label}</label>
        {description ? (
          <p id={`${id}-desc`} className="hint">
            {description}
          </p>
        ) : null}
        {error ? (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

import { useId } from 'react';
import type { ReactNode } from 'react';
import { CopyButton } from './CopyButton';

interface SecretRevealProps {
  title: string;
  /** Label of the read-only field holding the value, e.g. "Invitation link". */
  label: string;
  value: string;
  copyLabel: string;
  children?: ReactNode;
  onDone?: () => void;
}

/** A value shown once (API key, invitation link) with a copy button and a warning. */
export function SecretReveal({ title, label, value, copyLabel, children, onDone }: SecretRevealProps) {
  const id = useId();
  return (
    <section className="secret-reveal" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
      <label htmlFor={id} className="label">
        {label}
      </label>
      <div className="secret-row">
        <input
          id={id}
          className="input mono"
          readOnly
          value={value}
          onFocus={(event) => { event.currentTarget.select(); }}
        />
        <CopyButton text={value} label={copyLabel} />
      </div>
      {onDone ? (
        <button type="button" className="button button-secondary" onClick={onDone}>
          Done
        </button>
      ) : null}
    </section>
  );
}

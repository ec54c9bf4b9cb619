import { useId, type ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SubmitButton } from '../../components/SubmitButton';
import type { EditorForm } from './useEditorForm';

interface EditorCardProps<V> {
  form: EditorForm<V>;
  title: string;
  /** The fieldset's name for screen readers (default: the title). */
  legend?: string;
  canManage: boolean;
  submitLabel: string;
  /** Fields whose server errors show next to their inputs (the others are listed above the buttons). */
  inlineFields: readonly string[];
  onClose: () => void;
  children: ReactNode;
}

/** An editor form as a card: title and Close, its fields (read-only without the right), errors, Save and Cancel. */
export function EditorCard<V>({ form, title, legend, canManage, submitLabel, inlineFields, onClose, children }: EditorCardProps<V>) {
  const titleId = useId();
  return (
    <form className="card stack" aria-labelledby={titleId} onSubmit={(event) => void form.submit(event)} noValidate>
      <div className="section-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button button-ghost button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <fieldset className="plain-fieldset stack" disabled={!canManage || form.pending}>
        <legend className="sr-only">{legend ?? title}</legend>
        {children}
      </fieldset>
      <ErrorAlert error={form.error} inlineFields={inlineFields} />
      {form.invalid ? (
        <p className="alert alert-error" role="alert">
          Please correct the highlighted fields.
        </p>
      ) : null}
      {canManage ? (
        <div className="row">
          <SubmitButton label={submitLabel} pendingLabel="Saving…" pending={form.pending} />
          <button type="button" className="button button-secondary" onClick={onClose} disabled={form.pending}>
            Cancel
          </button>
        </div>
      ) : null}
    </form>
  );
}

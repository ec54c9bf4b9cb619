import type { LinkRow, QuickReplyRow } from './richRows';
import { emptyLink, emptyQuickReply } from './richRows';
import type { FormErrors } from './formErrors';
import { TextField } from '../../components/TextField';

interface RowsEditorProps<T> {
  rows: readonly T[];
  onChange: (rows: T[]) => void;
  /** Errors are read at `${errorPrefix}.${index}.${field}`; one about the whole row at `${errorPrefix}.${index}` shows under its first field. */
  errorPrefix: string;
  errors: FormErrors;
  /** Names the rows for screen readers, e.g. "Response 1". */
  context: string;
  disabled?: boolean;
}

function replaceAt<T>(rows: readonly T[], index: number, row: T): T[] {
  return rows.map((r, i) => (i === index ? row : r));
}

/** Quick replies (label, optional payload) as editable rows. */
export function QuickRepliesEditor({ rows, onChange, errorPrefix, errors, context, disabled }: RowsEditorProps<QuickReplyRow>) {
  return (
    <fieldset className="rows-fieldset">
      <legend>Quick replies</legend>
      {rows.length === 0 ? <p className="hint">Buttons the visitor can tap instead of typing.</p> : null}
      {rows.map((row, index) => (
        <div key={index} className="row-editor">
          <TextField
            label={`${context} quick reply ${index + 1} label`}
            className="grow"
            maxLength={80}
            value={row.label}
            error={errors[`${errorPrefix}.${index}.label`] ?? errors[`${errorPrefix}.${index}`]}
            onChange={(label) => { onChange(replaceAt(rows, index, { ...row, label })); }}
          />
          <TextField
            label={`${context} quick reply ${index + 1} payload (optional)`}
            className="grow"
            maxLength={500}
            value={row.payload}
            error={errors[`${errorPrefix}.${index}.payload`]}
            onChange={(payload) => { onChange(replaceAt(rows, index, { ...row, payload })); }}
          />
          <button
            type="button"
            className="button button-ghost button-small"
            aria-label={`Remove ${context.toLowerCase()} quick reply ${index + 1}`}
            disabled={disabled}
            onClick={() => { onChange(rows.filter((_, i) => i !== index)); }}
          >
            Remove
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={disabled || rows.length >= 10}
          onClick={() => { onChange([...rows, { ...emptyQuickReply }]); }}
        >
          Add quick reply
        </button>
      </div>
    </fieldset>
  );
}

/** Links (label, http(s) URL) as editable rows. */
export function LinksEditor({ rows, onChange, errorPrefix, errors, context, disabled }: RowsEditorProps<LinkRow>) {
  return (
    <fieldset className="rows-fieldset">
      <legend>Links</legend>
      {rows.map((row, index) => (
        <div key={index} className="row-editor">
          <TextField
            label={`${context} link ${index + 1} label`}
            className="grow"
            maxLength={120}
            value={row.label}
            error={errors[`${errorPrefix}.${index}.label`] ?? errors[`${errorPrefix}.${index}`]}
            onChange={(label) => { onChange(replaceAt(rows, index, { ...row, label })); }}
          />
          <TextField
            label={`${context} link ${index + 1} URL`}
            className="grow"
            type="url"
            placeholder="https://"
            maxLength={2000}
            value={row.url}
            error={errors[`${errorPrefix}.${index}.url`]}
            onChange={(url) => { onChange(replaceAt(rows, index, { ...row, url })); }}
          />
          <button
            type="button"
            className="button button-ghost button-small"
            aria-label={`Remove ${context.toLowerCase()} link ${index + 1}`}
            disabled={disabled}
            onClick={() => { onChange(rows.filter((_, i) => i !== index)); }}
          >
            Remove
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={disabled || rows.length >= 10}
          onClick={() => { onChange([...rows, { ...emptyLink }]); }}
        >
          Add link
        </button>
      </div>
    </fieldset>
  );
}

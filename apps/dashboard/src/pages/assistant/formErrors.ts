import type { FieldError } from '../../api/ApiError';

/** Error messages of a form, by the key of the row or field they belong to (see `errorKey`). */
export type FormErrors = Record<string, string>;

/** Lists whose items are edited as rows: an error inside an item belongs to its row. */
const rowLists = new Set(['rules', 'quickReplies', 'links']);
/** Rows with several fields side by side: an error belongs to its field (a link's URL, not its label). */
const fieldRows = new Set(['quickReplies', 'links']);
/** Lists edited as one textarea, one item a line: an error belongs to the whole field. */
const lineLists = new Set(['examples', 'questions']);

/**
 * The form key of an error path, from zod (`['rules', 0, 'pattern']`) or from a problem+json
 * response (`body.responses.1.quickReplies.0.label`): `name`, `examples`, `rules.0`,
 * `responses.1.text`, `responses.1.quickReplies.0.label`, `responses.2.links.1.url`…
 * (an error on a whole quick reply or link is keyed by its row: `quickReplies.0`).
 */
export function errorKey(path: readonly (string | number | symbol)[] | string): string {
  const segments = (typeof path === 'string' ? path.split(/[./[\]]+/) : path.map(String)).filter(
    (s) => s !== '' && s !== 'body' && s !== 'query',
  );
  const key: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    key.push(segment);
    if (lineLists.has(segment)) break;
    const next = segments[i + 1];
    if (rowLists.has(segment) && next !== undefined && /^\d+$/.test(next)) {
      key.push(next);
      const field = segments[i + 2];
      if (fieldRows.has(segment) && field !== undefined) key.push(field);
      break;
    }
  }
  return key.join('.');
}

/** The line number an error path points at inside a one-per-line field, e.g. `examples.3` → 4. */
export function lineOf(path: readonly (string | number | symbol)[] | string): number | null {
  const segments = typeof path === 'string' ? path.split(/[./[\]]+/) : path.map(String);
  const index = segments.findIndex((s) => lineLists.has(s));
  const next = index >= 0 ? segments[index + 1] : undefined;
  return next !== undefined && /^\d+$/.test(next) ? Number(next) + 1 : null;
}

/** Adds a message under a key; several messages for one key are joined. */
export function addError(errors: FormErrors, key: string, message: string): void {
  const previous = errors[key];
  errors[key] = previous && previous !== message ? `${previous}; ${message}` : message;
}

/** Errors as zod reports them, keyed for the form. */
export function zodIssuesToErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const line = lineOf(issue.path);
    addError(errors, errorKey(issue.path), line === null ? issue.message : `line ${line}: ${issue.message}`);
  }
  return errors;
}

/** Field errors of a problem+json response, keyed like the form's own errors. */
export function serverFieldErrors(fieldErrors: readonly FieldError[]): FormErrors {
  const errors: FormErrors = {};
  for (const e of fieldErrors) {
    const line = lineOf(e.path);
    addError(errors, errorKey(e.path), line === null ? e.message : `line ${line}: ${e.message}`);
  }
  return errors;
}

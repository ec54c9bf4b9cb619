import type { ApiError } from '../api/ApiError';
import { fieldOf } from '../api/ApiError';

interface ErrorAlertProps {
  error: ApiError | null;
  /** Fields whose errors are already shown next to their inputs; others are listed here. */
  inlineFields?: readonly string[];
  onRetry?: () => void;
  className?: string;
}

/** Shows an API error: the problem `detail`, plus any field errors not shown inline. */
export function ErrorAlert({ error, inlineFields = [], onRetry, className }: ErrorAlertProps) {
  if (!error) return null;
  const listed = error.fieldErrors.filter((e) => !inlineFields.includes(fieldOf(e.path)));
  return (
    <div role="alert" className={['alert', 'alert-error', className].filter(Boolean).join(' ')}>
      <p>
        <strong>{error.title}.</strong> {error.detail}
      </p>
      {listed.length > 0 && (
        <ul>
          {listed.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              {e.path ? <code>{e.path}</code> : null} {e.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

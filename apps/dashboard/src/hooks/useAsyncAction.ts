import { useState } from 'react';
import { toApiError } from '../api/ApiError';
import type { ApiError } from '../api/ApiError';

interface AsyncActionOptions {
  /** Stay pending after success, for forms and dialogs that go away once the action succeeds. */
  keepPendingOnSuccess?: boolean;
}

export interface AsyncAction {
  pending: boolean;
  error: ApiError | null;
  /** Shows an error found before running, e.g. by client-side validation. */
  setError: (error: ApiError | null) => void;
  /** Runs `action` while `pending`; if it throws, the error becomes `error`. */
  run: (action: () => Promise<void>) => Promise<void>;
}

/** The pending flag and API error of a form submission or other user-started request. */
export function useAsyncAction({ keepPendingOnSuccess = false }: AsyncActionOptions = {}): AsyncAction {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function run(action: () => Promise<void>) {
    setPending(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(toApiError(caught));
      setPending(false);
      return;
    }
    if (!keepPendingOnSuccess) setPending(false);
  }

  return { pending, error, setError, run };
}

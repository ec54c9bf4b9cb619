import { useCallback, useEffect, useState } from 'react';
import { toApiError } from '../api/ApiError';
import type { ApiError } from '../api/ApiError';

export type ResourceState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ApiError };

export interface Resource<T> {
  state: ResourceState<T>;
  /** Loads again, showing the loading state (use after an error). */
  reload: () => void;
  /** Updates the loaded data locally, e.g. after a successful create or delete. */
  update: (change: (data: T) => T) => void;
}

/**
 * Loads data when mounted and whenever `load` changes (wrap it in useCallback), or when
 * `refreshKey` changes: then the data on screen stays until the new answer arrives.
 * Requests superseded by a newer one, or by unmounting, are aborted and ignored.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, refreshKey = 0): Resource<T> {
  const [state, setState] = useState<ResourceState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: toApiError(error) });
      },
    );
    return () => { controller.abort(); };
  }, [load, refreshKey, attempt]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const update = useCallback((change: (data: T) => T) => {
    setState((current) => (current.status === 'ready' ? { status: 'ready', data: change(current.data) } : current));
  }, []);

  return { state, reload, update };
}

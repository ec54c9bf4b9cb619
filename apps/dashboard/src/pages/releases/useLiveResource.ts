import { useEffect, useState } from 'react';
import { toApiError } from '../../api/ApiError';
import type { ResourceState } from '../../hooks/useResource';

/**
 * Like useResource, but a change of `refreshKey` reloads quietly: the data on screen stays
 * until the new answer arrives (after publish, rollback, canary steps…).
 */
export function useLiveResource<T>(load: (signal: AbortSignal) => Promise<T>, refreshKey: number): ResourceState<T> & { retry: () => void } {
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

  return {
    ...state,
    retry: () => {
      setState({ status: 'loading' });
      setAttempt((n) => n + 1);
    },
  };
}

import { useResource, type ResourceState } from '../../hooks/useResource';

/**
 * useResource for the releases page: a change of `refreshKey` reloads quietly (the data on
 * screen stays until the new answer arrives, after publish, rollback, canary steps…).
 */
export function useLiveResource<T>(load: (signal: AbortSignal) => Promise<T>, refreshKey: number): ResourceState<T> & { retry: () => void } {
  const { state, reload } = useResource(load, refreshKey);
  return { ...state, retry: reload };
}

import { useContext } from 'react';
import { NotifyContext } from './NotifyContext';
import type { Notify } from './NotifyContext';

export function useNotify(): Notify {
  const notify = useContext(NotifyContext);
  if (!notify) throw new Error('useNotify must be used inside <NotifyProvider>');
  return notify;
}

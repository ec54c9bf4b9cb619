import { useContext } from 'react';
import { InboxContext } from './InboxContext';
import type { InboxValue } from './InboxContext';

export function useInbox(): InboxValue {
  const value = useContext(InboxContext);
  if (!value) throw new Error('useInbox must be used inside <InboxProvider>');
  return value;
}

import { useContext } from 'react';
import { InboxContext } from './InboxContext';
import { isUnread } from './inboxReducer';

/** The count next to "Inbox" in the side nav: unread conversations, else open ones. */
export function InboxNavBadge() {
  const inbox = useContext(InboxContext);
  if (!inbox) return null;
  const active = Object.values(inbox.state.conversations).filter((c) => c.status !== 'resolved');
  const unread = active.filter(isUnread).length;
  if (unread > 0) {
    return (
      <span className="nav-badge nav-badge-unread">
        {unread}
        <span className="sr-only"> unread</span>
      </span>
    );
  }
  if (active.length === 0) return null;
  return (
    <span className="nav-badge">
      {active.length}
      <span className="sr-only"> open</span>
    </span>
  );
}

import { Link } from 'react-router';
import type { Conversation, ConversationStatus } from '@parley/contracts';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { useNow } from '../../hooks/useNow';
import { byActivity, isUnread } from '../../inbox/inboxReducer';
import type { LastMessage } from '../../inbox/inboxReducer';
import { relativeTime } from '../../inbox/relativeTime';
import { useInbox } from '../../inbox/useInbox';
import { visitorName } from '../../inbox/visitorName';
import { assigneeName } from './assigneeName';
import { inboxTabs, tabSearch } from './inboxTabs';

interface ConversationListProps {
  status: ConversationStatus;
  selectedId: string | undefined;
}

const emptyHints: Record<ConversationStatus, string> = {
  open: 'New chats from your website appear here as they arrive.',
  pending: 'Conversations waiting on someone show up here.',
  resolved: 'Conversations you resolve move here.',
};

function preview(last: LastMessage | undefined): string {
  if (!last) return 'No messages yet';
  const body = last.body.length > 160 ? `${last.body.slice(0, 160)}…` : last.body;
  if (last.internal) return `Internal note: ${body}`;
  if (last.author === 'agent') return `Agent: ${body}`;
  if (last.author === 'bot') return `Bot: ${body}`;
  return body;
}

export function ConversationList({ status, selectedId }: ConversationListProps) {
  const { state, members, myUserId, reloadList, hasMore, loadMore } = useInbox();
  const more = useAsyncAction();
  const now = useNow(30_000);
  const rows: Conversation[] = Object.values(state.conversations)
    .filter((c) => c.status === status)
    .sort(byActivity);
  const label = inboxTabs.find((t) => t.status === status)?.label.toLowerCase() ?? status;

  return (
    <div className="conversation-list-wrap">
      {state.list.status === 'error' ? <ErrorAlert error={state.list.error} onRetry={reloadList} /> : null}
      {state.list.status === 'loading' && rows.length === 0 ? <Loading label="Loading conversations…" /> : null}
      {state.list.status === 'ready' && rows.length === 0 ? (
        <EmptyState title={`No ${label} conversations`}>
          <p>{emptyHints[status]}</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <ul className="conversation-list">
          {rows.map((conversation) => {
            const visitor = state.visitors[conversation.visitorId];
            const online = visitor?.online ?? false;
            const last = state.lastMessages[conversation.id];
            const at = conversation.lastMessageAt ?? conversation.createdAt;
            const unread = isUnread(conversation) && conversation.status !== 'resolved';
            const typing = conversation.id in state.visitorTyping;
            return (
              <li key={conversation.id}>
                <Link
                  to={`/inbox/${conversation.id}${tabSearch(status)}`}
                  className={unread ? 'conversation-row is-unread' : 'conversation-row'}
                  aria-current={conversation.id === selectedId ? 'page' : undefined}
                >
                  <span className="conversation-row-top">
                    <span
                      className={online ? 'presence-dot is-online' : 'presence-dot'}
                      role="img"
                      aria-label={online ? 'online' : 'offline'}
                    />
                    <span className="conversation-row-name">{visitorName(visitor, conversation.visitorId)}</span>
                    {unread ? <span className="sr-only">, unread</span> : null}
                    <time className="conversation-row-time" dateTime={at} title={formatDate(at, true)}>
                      {relativeTime(at, now)}
                    </time>
                  </span>
                  <span className={typing ? 'conversation-row-preview is-typing' : 'conversation-row-preview'}>
                    {typing ? 'Typing…' : preview(last)}
                  </span>
                  <span className="conversation-row-assignee">
                    {conversation.assigneeId
                      ? `Assigned to ${assigneeName(conversation.assigneeId, members, myUserId)}`
                      : 'Unassigned'}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      ) : null}
      {state.list.status === 'ready' && hasMore(status) ? (
        <div className="conversation-list-more">
          {more.error ? <ErrorAlert error={more.error} /> : null}
          <button
            type="button"
            className="button button-secondary"
            disabled={more.pending}
            onClick={() => void more.run(() => loadMore(status))}
          >
            {more.pending ? 'Loading…' : 'Load older conversations'}
          </button>
        </div>
      ) : null}
    </div>
  );
}

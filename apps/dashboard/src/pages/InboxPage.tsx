import { useParams, useSearchParams } from 'react-router';
import type { ConversationStatus } from '@parley/contracts';
import { EmptyState } from '../components/EmptyState';
import { usePageTitle } from '../hooks/usePageTitle';
import { isUnread } from '../inbox/inboxReducer';
import { useInbox } from '../inbox/useInbox';
import { ConnectionBadge } from './inbox/ConnectionBadge';
import { ConversationList } from './inbox/ConversationList';
import { ConversationView } from './inbox/ConversationView';
import { tabFromParam, tabSearch } from './inbox/inboxTabs';
import { StatusTabs, tabId } from './inbox/StatusTabs';
import { VisitorPanel } from './inbox/VisitorPanel';

const panelId = 'inbox-tabpanel';

/** The live-support inbox: conversations | the open conversation | its visitor (stacked on small screens). */
export function InboxPage() {
  const { state, connection } = useInbox();
  const { conversationId } = useParams();
  const [params, setParams] = useSearchParams();
  const tab = tabFromParam(params.get('status'));
  const conversations = Object.values(state.conversations);
  const unread = conversations.filter((c) => c.status !== 'resolved' && isUnread(c)).length;
  usePageTitle(unread > 0 ? `(${unread}) Inbox` : 'Inbox');

  const counts: Record<ConversationStatus, number> = { open: 0, pending: 0, resolved: 0 };
  for (const c of conversations) counts[c.status] += 1;

  function selectTab(status: ConversationStatus) {
    setParams(status === 'open' ? {} : { status }, { replace: true });
  }

  return (
    <div className={conversationId ? 'inbox has-selection' : 'inbox'}>
      <section className="inbox-pane inbox-list-pane" aria-labelledby="inbox-title">
        <div className="inbox-list-header">
          <h1 id="inbox-title">Inbox</h1>
          <ConnectionBadge status={connection} />
        </div>
        <StatusTabs current={tab} counts={counts} panelId={panelId} onSelect={selectTab} />
        <div id={panelId} role="tabpanel" aria-labelledby={tabId(tab)} className="inbox-tabpanel">
          <ConversationList status={tab} selectedId={conversationId} />
        </div>
      </section>
      <section className="inbox-pane inbox-conversation-pane" aria-label="Conversation">
        {conversationId ? (
          <ConversationView key={conversationId} conversationId={conversationId} backTo={`/inbox${tabSearch(tab)}`} />
        ) : (
          <EmptyState title="No conversation selected">
            <p>Choose a conversation from the list to read and reply.</p>
          </EmptyState>
        )}
      </section>
      {conversationId ? (
        <aside className="inbox-pane inbox-visitor-pane" aria-label="Visitor details">
          <VisitorPanel conversationId={conversationId} />
        </aside>
      ) : null}
      {/* Always in the DOM so that screen readers announce each new visitor message. */}
      <div className="sr-only" role="log" aria-live="polite" aria-relevant="additions text">
        {state.announcement ? <p key={state.announcement.id}>{state.announcement.text}</p> : null}
      </div>
    </div>
  );
}

import { useEffect } from 'react';
import { Link } from 'react-router';
import type { Message } from '@parley/contracts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { activeHandoff, lastBotAttemptSeq, streamedText } from '../../inbox/botAnswer';
import { useInbox } from '../../inbox/useInbox';
import { visitorName } from '../../inbox/visitorName';
import { Composer } from './Composer';
import { ConversationActions } from './ConversationActions';
import { MessageList } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

interface ConversationViewProps {
  conversationId: string;
  /** Where "All conversations" leads (the list, with the current tab). */
  backTo: string;
}

const noMessages: readonly Message[] = [];
const statusLabels = { open: 'Open', pending: 'Pending', resolved: 'Resolved' } as const;

export function ConversationView({ conversationId, backTo }: ConversationViewProps) {
  const { state, epoch, connection, canAct, loadHistory, markRead, retry, discard } = useInbox();
  const conversation = state.conversations[conversationId];
  const history = state.history[conversationId] ?? { status: 'loading' };
  const messages = state.messages[conversationId] ?? noMessages;
  const pending = state.outbox.filter((p) => p.conversationId === conversationId);
  const name = conversation ? visitorName(state.visitors[conversation.visitorId], conversation.visitorId) : 'Conversation';
  const handoff = conversation ? activeHandoff(conversation) : null;
  const lastAttempt = handoff ? lastBotAttemptSeq(messages, conversation?.handedOffAt) : null;
  const stream = state.botStreams[conversationId];

  // The whole history the first time, then (after every reconnection) whatever came after it.
  useEffect(() => {
    void loadHistory(conversationId);
  }, [conversationId, epoch, loadHistory]);

  // Mark read what is on screen while the tab is visible (viewers only look: they mark nothing).
  const lastSeq = history.status === 'ready' ? (messages.at(-1)?.seq ?? 0) : 0;
  const agentReadSeq = conversation?.agentReadSeq ?? 0;
  useEffect(() => {
    if (!canAct || lastSeq <= agentReadSeq) return;
    const check = () => {
      if (document.visibilityState === 'visible') markRead(conversationId, lastSeq);
    };
    check();
    document.addEventListener('visibilitychange', check);
    return () => { document.removeEventListener('visibilitychange', check); };
  }, [canAct, conversationId, lastSeq, agentReadSeq, markRead, connection]);

  return (
    <div className="conversation">
      <header className="conversation-header">
        <Link to={backTo} className="back-link">
          <span aria-hidden="true">←</span>All conversations
        </Link>
        <div className="conversation-title">
          <h2>{name}</h2>
          {conversation ? (
            <span className={`badge badge-status badge-status-${conversation.status}`}>{statusLabels[conversation.status]}</span>
          ) : null}
        </div>
        {canAct && conversation ? <ConversationActions conversation={conversation} /> : null}
      </header>
      {handoff ? (
        <p className="alert alert-warning handoff-banner" data-testid="handoff-banner">
          Handed off <time dateTime={handoff.at}>{formatDate(handoff.at, true)}</time> — {handoff.reason}
        </p>
      ) : null}
      {history.status === 'error' ? (
        <ErrorAlert error={history.error} onRetry={() => void loadHistory(conversationId)} />
      ) : null}
      {history.status === 'loading' && messages.length === 0 ? <Loading label="Loading messages…" /> : null}
      {history.status === 'ready' && messages.length === 0 && pending.length === 0 ? (
        <p className="muted conversation-empty">No messages yet.</p>
      ) : null}
      <MessageList
        messages={messages}
        pending={pending}
        visitorLabel={name}
        visitorReadSeq={conversation?.visitorReadSeq ?? 0}
        lastBotAttemptSeq={lastAttempt}
        onRetry={retry}
        onDiscard={discard}
      />
      {stream ? (
        <p className="bot-stream" role="status" aria-live="off" data-testid="bot-stream">
          <span className="muted">Bot is typing…</span> {streamedText(stream.parts)}
        </p>
      ) : null}
      <TypingIndicator conversationId={conversationId} />
      {canAct ? (
        history.status === 'error' ? null : <Composer key={conversationId} conversationId={conversationId} />
      ) : (
        <p className="alert alert-info">You can read conversations. Agents, admins and owners reply, assign and resolve them.</p>
      )}
    </div>
  );
}

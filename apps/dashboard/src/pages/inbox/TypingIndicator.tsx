import { useInbox } from '../../inbox/useInbox';
import { assigneeName } from './assigneeName';

/** "Visitor is typing…", or which teammates are; a polite live region. */
export function TypingIndicator({ conversationId }: { conversationId: string }) {
  const { state, members, myUserId } = useInbox();
  const visitorTyping = conversationId in state.visitorTyping;
  const agents = Object.keys(state.agentTyping[conversationId] ?? {})
    .filter((id) => id !== myUserId)
    .map((id) => assigneeName(id, members, myUserId));
  const text = visitorTyping
    ? 'Visitor is typing…'
    : agents.length > 0
      ? `${agents.join(', ')} ${agents.length === 1 ? 'is' : 'are'} typing…`
      : '';
  return (
    <p className="typing-indicator" role="status" aria-live="polite">
      {text}
    </p>
  );
}

import type { QuickReply } from '@parley/contracts';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { QuickReplies } from './QuickReplies.js';
import { renderText } from './renderText.js';
import { RichParts } from './RichParts.js';
import type { Texts } from './texts.js';
import type { Bubble } from './toBubbles.js';

interface Props {
  bubbles: Bubble[];
  typing: boolean;
  texts: Texts;
  locale: string;
  /** Premium: the list is the panel of the selected tab. */
  tabId: string | null;
  /** Changes when the panel opens or the tab changes: scroll to the newest message. */
  view: string;
  /** A quick reply under the bot message with this id was picked. */
  onReply: (messageId: string, reply: QuickReply) => void;
}

const NEAR_BOTTOM_PX = 48;

function time(at: string | null, locale: string): string | undefined {
  return at === null ? undefined : new Date(at).toLocaleString(locale);
}

export function MessageList({ bubbles, typing, texts, locale, tabId, view, onReply }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const lastView = useRef('');

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const own = bubbles[bubbles.length - 1]?.status === 'sending';
    if (stick.current || own || lastView.current !== view) el.scrollTop = el.scrollHeight;
    lastView.current = view;
  });

  const onScroll = () => {
    const el = ref.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
  };

  const status = (b: Bubble) => (b.status === 'sending' ? texts.sending : b.status === 'failed' ? texts.notSent : b.status === 'seen' ? texts.seen : '');

  return (
    <div
      id="parley-log"
      class="log"
      ref={ref}
      onScroll={onScroll}
      tabIndex={0}
      {...(tabId === null ? { 'aria-label': texts.messages } : { role: 'tabpanel', 'aria-labelledby': tabId })}
    >
      <ol>
        {bubbles.map((b) => (
          <li
            key={b.key}
            class={`msg ${b.side}${b.status ? ` ${b.status}` : ''}`}
            {...(b.kind === 'streaming' && { 'data-streaming': '', 'aria-busy': 'true' })}
            {...(b.kind === 'handoff' && { 'data-handoff-note': '' })}
          >
            {b.label && <span class="who">{b.label}</span>}
            <div class="bubble" dir="auto" title={time(b.at, locale)}>
              {b.side === 'own' && <span class="sr">{texts.you}: </span>}
              {renderText(b.body)}
              {b.rich && <RichParts rich={b.rich} texts={texts} />}
            </div>
            {b.replies && <QuickReplies replies={b.replies} texts={texts} onReply={(r) => onReply(b.key, r)} />}
            {b.status && <span class="st">{status(b)}</span>}
          </li>
        ))}
      </ol>
      {typing && (
        <p class="typing">
          <span class="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {texts.agentTyping}
        </p>
      )}
    </div>
  );
}

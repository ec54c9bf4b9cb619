import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatSession, ChatState } from './chatSession.js';
import { Composer } from './Composer.js';
import { ConnectionStatus } from './ConnectionStatus.js';
import { ErrorBanner } from './ErrorBanner.js';
import { Header } from './Header.js';
import type { InitPayload } from './hostProtocol.js';
import { maxSeq } from './mergeMessages.js';
import { MessageList } from './MessageList.js';
import { hasUnseen, messagesForTab } from './messagesForTab.js';
import { readableTextColor } from '@parley/contracts/readable-text-color';
import { Tabs } from './Tabs.js';
import { tabsOf } from './tabsOf.js';
import { textsFor } from './texts.js';
import { toBubbles } from './toBubbles.js';
import { trapFocus } from './trapFocus.js';
import type { Tab } from './types.js';

interface Props {
  init: InitPayload;
  session: ChatSession;
  chat: ChatState;
  open: boolean;
  onClose: () => void;
}

/** The open chat: fills the iframe; a modal dialog with the focus kept inside. */
export function Panel({ init, session, chat, open, onClose }: Props) {
  const { bot, config } = init.resolve;
  const { theme, features, locale } = config;
  const texts = textsFor(locale);
  const tabs = tabsOf(config);
  /** Two tabs split one conversation; a single tab shows all of it. */
  const split = tabs.length > 1;
  const [tab, setTab] = useState<Tab>(tabs[0] ?? 'assistant');
  const picked = useRef(false);
  /** Per tab, the last seq the visitor has looked at (for the dot on the other tab). */
  const seen = useRef<Record<Tab, number> | null>(null);
  const panel = useRef<HTMLElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const activeTab: Tab = tabs.includes(tab) ? tab : (tabs[0] ?? 'assistant');

  if (chat.loaded && seen.current === null) seen.current = { assistant: chat.readSeq, human: chat.readSeq };

  // A conversation already with a human opens on Live Support (unless the visitor chose).
  useEffect(() => {
    if (chat.loaded && chat.humanMode && !picked.current) setTab('human');
  }, [chat.loaded, chat.humanMode]);

  useEffect(() => {
    if (open && seen.current) seen.current[activeTab] = maxSeq(chat.messages);
  });

  // What counts as read is what this tab shows.
  useEffect(() => session.setViewTab(split ? activeTab : null), [session, split, activeTab]);

  useEffect(() => {
    if (!open) return;
    // On touch screens focusing the field would pop up the keyboard over the messages.
    if (matchMedia('(pointer: fine)').matches) input.current?.focus();
    else panel.current?.focus();
  }, [open]);

  const select = (t: Tab) => {
    picked.current = true;
    setTab(t);
  };
  const messages = split ? messagesForTab(chat.messages, activeTab, session.tabOf) : chat.messages;
  const pending = chat.pending.filter((p) => !split || p.tab === activeTab);
  const intro = activeTab === 'human' ? texts.humanIntro : config.greeting || texts.greeting;
  const agentReadSeq = features.readReceipts ? chat.agentReadSeq : 0;
  const bubbles = toBubbles(messages, pending, {
    intro,
    botName: bot.name,
    agentName: texts.agent,
    agentReadSeq,
    // Bot answers belong to the AI Assistant tab (a single tab shows everything).
    streaming: split && activeTab === 'human' ? [] : chat.streaming,
    handoffSeqs: chat.handoffSeqs,
    handoffNote: texts.handoffNote,
  });

  return (
    <section
      ref={panel}
      class="panel"
      role="dialog"
      aria-modal="true"
      aria-labelledby="parley-title"
      tabIndex={-1}
      hidden={!open}
      style={`--p:${theme.color};--pt:${readableTextColor(theme.color)}`}
      onKeyDown={(event) => panel.current && trapFocus(event, panel.current, onClose)}
    >
      <Header title={config.texts.title || bot.name} subtitle={theme.launcherText} texts={texts} onClose={onClose} />
      <ConnectionStatus state={chat.connection} texts={texts} />
      {split && (
        <Tabs
          tab={activeTab}
          texts={texts}
          onSelect={select}
          unseen={(t) => seen.current !== null && hasUnseen(chat.messages, t, seen.current[t], session.tabOf)}
        />
      )}
      <MessageList
        bubbles={bubbles}
        typing={features.typingIndicator && chat.agentTyping && (!split || activeTab === 'human')}
        texts={texts}
        locale={locale}
        tabId={split ? `parley-tab-${activeTab}` : null}
        view={`${open}:${activeTab}`}
        onReply={(messageId, reply) => {
          session.quickReply(messageId, reply);
          // The buttons go away: keep the keyboard focus in the chat.
          input.current?.focus();
        }}
      />
      <ErrorBanner error={chat.error} texts={texts} locale={locale} onDismiss={session.dismissError} />
      <Composer
        texts={texts}
        placeholder={config.texts.placeholder || texts.placeholder}
        locale={locale}
        inputRef={input}
        onSend={(text) => session.send(text, activeTab)}
        onTyping={session.typing}
        describedBy={chat.error ? 'parley-error' : undefined}
      />
    </section>
  );
}

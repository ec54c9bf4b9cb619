import type { KeyboardEvent } from 'react';
import type { ConversationStatus } from '@parley/contracts';
import { inboxTabs } from './inboxTabs';

interface StatusTabsProps {
  current: ConversationStatus;
  counts: Record<ConversationStatus, number>;
  /** The id of the tab panel the tabs control. */
  panelId: string;
  onSelect: (status: ConversationStatus) => void;
}

export const tabId = (status: ConversationStatus) => `inbox-tab-${status}`;

/** Open · Pending · Resolved, as ARIA tabs: arrow keys, Home and End move between them. */
export function StatusTabs({ current, counts, panelId, onSelect }: StatusTabsProps) {
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = inboxTabs.findIndex((t) => t.status === current);
    const last = inboxTabs.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index + 1) % inboxTabs.length
      : event.key === 'ArrowLeft' ? (index + last) % inboxTabs.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    const tab = next === null ? undefined : inboxTabs[next];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.status);
    document.getElementById(tabId(tab.status))?.focus();
  }

  return (
    <div className="inbox-tabs" role="tablist" aria-label="Conversation status" onKeyDown={onKeyDown}>
      {inboxTabs.map((tab) => {
        const selected = tab.status === current;
        return (
          <button
            key={tab.status}
            type="button"
            role="tab"
            id={tabId(tab.status)}
            className="inbox-tab"
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            onClick={() => { onSelect(tab.status); }}
          >
            {tab.label}
            <span className="inbox-tab-count">{counts[tab.status]}</span>
          </button>
        );
      })}
    </div>
  );
}

import { TABS } from './tabsOf.js';
import type { Texts } from './texts.js';
import type { Tab } from './types.js';

/** Both tabs: "AI Assistant" / "Live Support" (arrow keys move between them). */
export function Tabs({ tab, unseen, texts, onSelect }: { tab: Tab; unseen: (tab: Tab) => boolean; texts: Texts; onSelect: (tab: Tab) => void }) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const next = tab === 'assistant' ? 'human' : 'assistant';
    const target = event.key === 'Home' ? 'assistant' : event.key === 'End' ? 'human' : next;
    onSelect(target);
    document.getElementById(`parley-tab-${target}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={texts.tabs} onKeyDown={onKeyDown}>
      {TABS.map((t) => (
        <button
          key={t}
          type="button"
          role="tab"
          id={`parley-tab-${t}`}
          aria-selected={t === tab}
          aria-controls="parley-log"
          tabIndex={t === tab ? 0 : -1}
          onClick={() => onSelect(t)}
        >
          {texts[t]}
          {t !== tab && unseen(t) && (
            <span class="dot">
              <span class="sr">{texts.unseen}</span>
            </span>
          )}
        </button>
      ))}
    </div>
  );
}

import type { KeyboardEvent } from 'react';

export interface PageTab<K extends string> {
  key: K;
  label: string;
}

interface PageTabsProps<K extends string> {
  tabs: readonly PageTab<K>[];
  current: K;
  label: string;
  /** Prefix of the tab and panel ids. */
  idPrefix: string;
  onSelect: (key: K) => void;
}

export const pageTabId = (prefix: string, key: string) => `${prefix}-tab-${key}`;
export const pagePanelId = (prefix: string) => `${prefix}-panel`;

/** ARIA tabs for the sections of a page: arrow keys, Home and End move between them. */
export function PageTabs<K extends string>({ tabs, current, label, idPrefix, onSelect }: PageTabsProps<K>) {
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((t) => t.key === current);
    const last = tabs.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index + 1) % tabs.length
      : event.key === 'ArrowLeft' ? (index + last) % tabs.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    const tab = next === null ? undefined : tabs[next];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.key);
    document.getElementById(pageTabId(idPrefix, tab.key))?.focus();
  }

  return (
    <div className="page-tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const selected = tab.key === current;
        return (
          <button
            key={tab.key}
            type="button"
            role="tab"
            id={pageTabId(idPrefix, tab.key)}
            className="page-tab"
            aria-selected={selected}
            aria-controls={pagePanelId(idPrefix)}
            tabIndex={selected ? 0 : -1}
            onClick={() => { onSelect(tab.key); }}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

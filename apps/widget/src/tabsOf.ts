import type { WidgetConfig } from '@parley/contracts';
import type { Tab } from './types.js';

export const TABS: readonly Tab[] = ['assistant', 'human'];

/** The tabs a release shows (config.tabs): the AI Assistant, Live Support, or both; never none. */
export function tabsOf({ tabs }: Pick<WidgetConfig, 'tabs'>): Tab[] {
  const out = TABS.filter((t) => (t === 'assistant' ? tabs.assistant : tabs.liveSupport));
  return out.length > 0 ? out : ['assistant'];
}

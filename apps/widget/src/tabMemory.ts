import { isRecord } from './isRecord.js';
import type { KeyValueStorage } from './storage.js';
import type { Tab } from './types.js';

/**
 * Which tab each of the visitor's own messages was sent from (the server keeps one
 * conversation and does not record it), so that a reload shows them in the same tab.
 */
export interface TabMemory {
  get(clientId: string): Tab | undefined;
  remember(clientId: string, tab: Tab): void;
}

export function createTabMemory(storage: KeyValueStorage, key: string, limit = 300): TabMemory {
  const map = new Map<string, Tab>();
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key) ?? '{}');
    if (isRecord(parsed)) {
      for (const [id, tab] of Object.entries(parsed)) if (tab === 'assistant' || tab === 'human') map.set(id, tab);
    }
  } catch {
    // start empty
  }
  return {
    get: (clientId) => map.get(clientId),
    remember(clientId, tab) {
      if (map.get(clientId) === tab) return;
      map.delete(clientId);
      map.set(clientId, tab);
      while (map.size > limit) {
        const oldest = map.keys().next();
        if (oldest.done === true) break;
        map.delete(oldest.value);
      }
      storage.setItem(key, JSON.stringify(Object.fromEntries(map)));
    },
  };
}

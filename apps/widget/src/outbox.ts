import { isRecord } from './isRecord.js';
import { CLIENT_ID_PATTERN } from './newClientId.js';
import type { KeyValueStorage } from './storage.js';
import type { Tab } from './types.js';

export interface OutboxItem {
  clientId: string;
  body: string;
  tab: Tab;
  /** A tapped quick reply's payload, which the bot answers to (`body` is its label). */
  payload?: string;
  /** Epoch ms when the visitor pressed send. */
  createdAt: number;
}

/**
 * Messages the server has not acknowledged yet, oldest first, persisted so that they
 * survive a reload. Storage is the source of truth: every change re-reads it, so two
 * tabs of the same visitor never overwrite each other's unsent messages.
 */
export interface Outbox {
  items(): readonly OutboxItem[];
  has(clientId: string): boolean;
  add(item: OutboxItem): void;
  /** True when the item was there. */
  remove(clientId: string): boolean;
}

export function outboxKey(botId: string, visitorId: string): string {
  return `parley:outbox:${botId}:${visitorId}`;
}

function parseItem(x: unknown): OutboxItem | null {
  if (!isRecord(x)) return null;
  const { clientId, body, tab, payload, createdAt } = x;
  if (typeof clientId !== 'string' || !CLIENT_ID_PATTERN.test(clientId)) return null;
  if (typeof body !== 'string' || (tab !== 'assistant' && tab !== 'human') || typeof createdAt !== 'number') return null;
  return typeof payload == 'string' ? { clientId, body, tab, payload, createdAt } : { clientId, body, tab, createdAt };
}

export function createOutbox(storage: KeyValueStorage, key: string): Outbox {
  function read(): OutboxItem[] {
    const raw = storage.getItem(key);
    if (raw === null) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return [];
    }
    if (!Array.isArray(parsed)) return [];
    const items: OutboxItem[] = [];
    for (const x of parsed) {
      const item = parseItem(x);
      if (item) items.push(item);
    }
    return items;
  }

  function write(items: OutboxItem[]): void {
    if (items.length === 0) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(items));
  }

  return {
    items: read,
    has: (clientId) => read().some((i) => i.clientId === clientId),
    add(item) {
      const items = read();
      if (items.some((i) => i.clientId === item.clientId)) return;
      items.push(item);
      write(items);
    },
    remove(clientId) {
      const items = read();
      const rest = items.filter((i) => i.clientId !== clientId);
      if (rest.length === items.length) return false;
      write(rest);
      return true;
    },
  };
}

import { describe, expect, it } from 'vitest';
import { createOutbox, outboxKey, type OutboxItem } from './outbox.js';
import { memoryStorage } from './storage.js';
import { createTabMemory } from './tabMemory.js';

const item = (clientId: string, body = clientId): OutboxItem => ({ clientId, body, tab: 'assistant', createdAt: 1 });

describe('outbox', () => {
  it('keys by bot and visitor', () => {
    expect(outboxKey('b1', 'v1')).toBe('parley:outbox:b1:v1');
  });

  it('keeps items in order, ignores a second add of the same clientId, removes by clientId', () => {
    const outbox = createOutbox(memoryStorage(), 'k');
    outbox.add(item('aaaaaaaa'));
    outbox.add(item('bbbbbbbb'));
    outbox.add(item('aaaaaaaa', 'again'));
    expect(outbox.items().map((i) => i.body)).toEqual(['aaaaaaaa', 'bbbbbbbb']);
    expect(outbox.remove('aaaaaaaa')).toBe(true);
    expect(outbox.remove('aaaaaaaa')).toBe(false);
    expect(outbox.has('bbbbbbbb')).toBe(true);
    expect(outbox.items().map((i) => i.clientId)).toEqual(['bbbbbbbb']);
  });

  it('survives a reload: a new outbox on the same storage has the same items and clientIds', () => {
    const storage = memoryStorage();
    createOutbox(storage, 'k').add({ clientId: 'keep-me-1', body: 'hello', tab: 'human', createdAt: 42 });
    // A quick reply keeps its payload too.
    createOutbox(storage, 'k').add({ clientId: 'keep-me-2', body: 'Talk to a person', tab: 'assistant', payload: 'parley:handoff', createdAt: 43 });
    expect(createOutbox(storage, 'k').items()).toEqual([
      { clientId: 'keep-me-1', body: 'hello', tab: 'human', createdAt: 42 },
      { clientId: 'keep-me-2', body: 'Talk to a person', tab: 'assistant', payload: 'parley:handoff', createdAt: 43 },
    ]);
  });

  it('removes the storage key once empty', () => {
    const storage = memoryStorage();
    const outbox = createOutbox(storage, 'k');
    outbox.add(item('aaaaaaaa'));
    outbox.remove('aaaaaaaa');
    expect(storage.getItem('k')).toBeNull();
  });

  it('never overwrites what another tab added meanwhile', () => {
    const storage = memoryStorage();
    const tabA = createOutbox(storage, 'k');
    const tabB = createOutbox(storage, 'k');
    tabA.add(item('from-tab-a'));
    tabB.add(item('from-tab-b'));
    tabA.remove('nothing-here');
    expect(createOutbox(storage, 'k').items().map((i) => i.clientId)).toEqual(['from-tab-a', 'from-tab-b']);
  });

  it('drops corrupt storage and malformed items instead of throwing', () => {
    const storage = memoryStorage();
    storage.setItem('k', '{not json');
    expect(createOutbox(storage, 'k').items()).toEqual([]);
    storage.setItem('k', JSON.stringify([item('good-item'), { clientId: 'x' }, { ...item('bad id!'), tab: 'assistant' }, null]));
    expect(createOutbox(storage, 'k').items().map((i) => i.clientId)).toEqual(['good-item']);
  });
});

describe('tab memory', () => {
  it('remembers the tab per clientId across reloads, bounded', () => {
    const storage = memoryStorage();
    const tabs = createTabMemory(storage, 't', 2);
    tabs.remember('a', 'human');
    tabs.remember('b', 'assistant');
    tabs.remember('c', 'human');
    const reloaded = createTabMemory(storage, 't', 2);
    expect([reloaded.get('a'), reloaded.get('b'), reloaded.get('c')]).toEqual([undefined, 'assistant', 'human']);
  });
});

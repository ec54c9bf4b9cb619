import type { Message } from '@parley/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxSeq, mergeMessages } from './mergeMessages.js';

const msg = (seq: number, extra: Partial<Message> = {}): Message => ({
  id: `id-${seq}`,
  conversationId: 'c1',
  seq,
  clientId: null,
  author: 'bot',
  authorName: null,
  body: `m${seq}`,
  internal: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});

describe('mergeMessages', () => {
  it('sorts by seq and drops duplicates by seq and by id', () => {
    const merged = mergeMessages([msg(1), msg(3)], [msg(2), msg(3), msg(1), msg(5), { ...msg(6), id: 'id-5' }]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 5]);
  });

  it('drops internal notes', () => {
    expect(mergeMessages([], [msg(1, { internal: true }), msg(2)]).map((m) => m.seq)).toEqual([2]);
  });

  it('returns the same list when nothing is new (idempotent)', () => {
    const list = mergeMessages([], [msg(2), msg(1)]);
    expect(mergeMessages(list, [msg(1), msg(2)])).toBe(list);
    expect(mergeMessages(list, [])).toBe(list);
  });

  it('maxSeq is the last seq or 0', () => {
    expect(maxSeq([])).toBe(0);
    expect(maxSeq([msg(1), msg(7)])).toBe(7);
  });

  it('property: any order and any repetition of deliveries gives the same sorted, unique list', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (seqs, chunk) => {
        let list: readonly Message[] = [];
        for (let i = 0; i < seqs.length; i += chunk) list = mergeMessages(list, seqs.slice(i, i + chunk).map((s) => msg(s)));
        const expected = [...new Set(seqs)].sort((a, b) => a - b);
        expect(list.map((m) => m.seq)).toEqual(expected);
        expect(mergeMessages(list, list)).toBe(list);
      }),
    );
  });
});

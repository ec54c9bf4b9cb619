import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStreams } from './streams.js';

const C = 'c0000000-0000-4000-8000-000000000001';
const delta = (streamId: string, index: number, text: string, conversationId = C) => ({ conversationId, streamId, index, text });

afterEach(() => {
  vi.useRealTimers();
});

describe('streams (message.delta assembly)', () => {
  it('puts pieces together in index order, whatever order they arrive in', () => {
    const streams = createStreams(() => undefined);
    expect(streams.add(delta('s1', 0, 'Our '))).toBe(true);
    expect(streams.add(delta('s1', 2, 'open 9–17.'))).toBe(true);
    expect(streams.list()).toEqual([{ streamId: 's1', conversationId: C, text: 'Our open 9–17.' }]);
    expect(streams.add(delta('s1', 1, 'shops are '))).toBe(true);
    expect(streams.list()).toEqual([{ streamId: 's1', conversationId: C, text: 'Our shops are open 9–17.' }]);
    streams.close();
  });

  it('ignores a piece seen before (a duplicate, even with other text) and a piece of the stream for another conversation', () => {
    const streams = createStreams(() => undefined);
    streams.add(delta('s1', 0, 'Hello'));
    streams.add(delta('s1', 1, ' there'));
    expect(streams.add(delta('s1', 0, 'Hello'))).toBe(false);
    expect(streams.add(delta('s1', 1, ' THERE'))).toBe(false);
    expect(streams.add(delta('s1', 2, '!', 'c0000000-0000-4000-8000-000000000009'))).toBe(false);
    expect(streams.add(delta('s1', 1_000_000, 'x'))).toBe(false);
    expect(streams.list().map((s) => s.text)).toEqual(['Hello there']);
    streams.close();
  });

  it('keeps streams apart and drops those of one conversation (or all)', () => {
    const streams = createStreams(() => undefined);
    const other = 'c0000000-0000-4000-8000-000000000002';
    streams.add(delta('a', 0, 'A'));
    streams.add(delta('b', 0, 'B', other));
    streams.add(delta('c', 0, 'C'));
    expect(streams.drop(C)).toBe(true);
    expect(streams.list().map((s) => s.streamId)).toEqual(['b']);
    expect(streams.drop(C)).toBe(false);
    expect(streams.drop(null)).toBe(true);
    expect(streams.list()).toEqual([]);
  });

  it('drops a stream 60 s after its last piece and tells about it', () => {
    vi.useFakeTimers();
    let expired = 0;
    const streams = createStreams(() => expired++);
    streams.add(delta('s1', 0, 'Thinking'));
    vi.advanceTimersByTime(59_000);
    streams.add(delta('s1', 1, '…'));
    vi.advanceTimersByTime(59_000);
    expect(streams.list().map((s) => s.text)).toEqual(['Thinking…']);
    expect(expired).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(streams.list()).toEqual([]);
    expect(expired).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { groupSessions } from './groupSessions';
import { parseUserAgent } from './parseUserAgent';
import { contiguousSeq, mergeMessages } from './mergeMessages';
import { relativeTime } from './relativeTime';
import { newClientId } from './newClientId';
import { ClientId } from '@parley/contracts';

const m = (seq: number, at = '2025-01-01T10:00:00Z', body = `m${seq}`) => ({ id: crypto.randomUUID(), conversationId: 'c', seq, clientId: null, author: 'visitor' as const, authorName: null, body, internal: false, createdAt: at });

describe('pure', () => {
  it('groups sessions', () => {
    const s = groupSessions([{ createdAt: '2025-01-01T10:00:00Z' }, { createdAt: '2025-01-01T10:59:00Z' }, { createdAt: '2025-01-01T12:00:00Z' }, { createdAt: '2025-01-01T13:00:00Z' }, { createdAt: '2025-01-01T14:00:01Z' }]);
    expect(s.map((x) => x.items.length)).toEqual([2, 2, 1]);
    expect(s[1]?.startedAt).toBe('2025-01-01T12:00:00Z');
    expect(groupSessions([])).toEqual([]);
  });
  it('parses UAs', () => {
    expect(parseUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')).toBe('Chrome 131 on macOS');
    expect(parseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox 133 on Windows');
    expect(parseUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe('Safari 17 on iOS');
    expect(parseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')).toBe('Edge 131 on Windows');
    expect(parseUserAgent('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36')).toBe('Chrome 131 on Android');
    expect(parseUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1')).toBe('Chrome 131 on iOS');
    expect(parseUserAgent(null)).toBeNull();
    expect(parseUserAgent('curl/8.0')).toBe('curl/8.0');
  });
  it('merges by seq', () => {
    const a = mergeMessages([m(1), m(2)], [m(4), m(3), m(2, undefined, 'x')]);
    expect(a.map((x) => x.seq)).toEqual([1, 2, 3, 4]);
    expect(a[1]?.body).toBe('x');
    expect(contiguousSeq([m(1), m(2), m(4)])).toBe(2);
    expect(contiguousSeq([m(3)])).toBe(0);
    expect(contiguousSeq([])).toBe(0);
  });
  it('relative', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(relativeTime('2025-06-01T11:59:50Z', now)).toBe('now');
    expect(relativeTime('2025-06-01T11:55:00Z', now)).toBe('5m');
    expect(relativeTime('2025-06-01T09:00:00Z', now)).toBe('3h');
  });
  it('client ids', () => {
    for (let i = 0; i < 100; i++) expect(ClientId.safeParse(newClientId()).success).toBe(true);
  });
});

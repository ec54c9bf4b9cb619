import { describe, expect, it } from 'vitest';
import { identifyPayload, parseFrameMessage, parseResolve, readFrameEvent } from './protocol';

const origin = 'https://parley.example.com';
const frameWindow = { name: 'the iframe contentWindow' };
const message = {
  id: '0b6f5f8e-3c1e-4b8a-9a57-6f2b8a4e1c11',
  conversationId: '7d1c2b7e-2f0f-4d7c-8f5b-3c2a1b0e9d88',
  seq: 3,
  clientId: null,
  author: 'agent',
  authorName: 'Avery',
  body: 'Hello!',
  internal: false,
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('parseFrameMessage', () => {
  it('accepts every frame → host message of the protocol', () => {
    expect(parseFrameMessage({ parley: 1, type: 'ready' }, origin)).toEqual({ type: 'ready' });
    expect(parseFrameMessage({ parley: 1, type: 'open' }, origin)).toEqual({ type: 'open' });
    expect(parseFrameMessage({ parley: 1, type: 'close', payload: undefined }, origin)).toEqual({ type: 'close' });
    expect(parseFrameMessage({ parley: 1, type: 'unread', payload: { count: 0 } }, origin)).toEqual({ type: 'unread', count: 0 });
    expect(parseFrameMessage({ parley: 1, type: 'unread', payload: { count: 7 } }, origin)).toEqual({ type: 'unread', count: 7 });
    expect(parseFrameMessage({ parley: 1, type: 'message', payload: message }, origin)).toEqual({ type: 'message', payload: message });
    // The resolve is checked as the first one is (parseResolve, below).
    const resolve = { visitorToken: 'vt.abc', frameUrl: `${origin}/widget/v1/frame/b`, unread: 0 };
    expect(parseFrameMessage({ parley: 1, type: 'resolve', payload: resolve }, origin)).toEqual({ type: 'resolve', resolve: parseResolve(resolve, origin) });
    expect(parseResolve(resolve, origin)).toMatchObject({ visitorToken: 'vt.abc', frameUrl: resolve.frameUrl });
  });

  it('rejects a wrong or missing protocol version', () => {
    for (const parley of [2, 0, '1', true, null, undefined]) {
      expect(parseFrameMessage({ parley, type: 'ready' }, origin)).toBeNull();
    }
    expect(parseFrameMessage({ type: 'ready' }, origin)).toBeNull();
  });

  it('rejects unknown types, including host → frame ones', () => {
    for (const type of ['init', 'identify', 'track', 'shutdown', 'READY', '', 1, null, undefined, 'constructor', '__proto__']) {
      expect(parseFrameMessage({ parley: 1, type }, origin)).toBeNull();
    }
  });

  it('rejects non-envelopes', () => {
    for (const data of [null, undefined, 'ready', 1, true, [], [1, 'ready'], '{"parley":1,"type":"ready"}']) {
      expect(parseFrameMessage(data, origin)).toBeNull();
    }
  });

  it('rejects payloads of the wrong shape', () => {
    const bad: unknown[] = [
      { parley: 1, type: 'unread' },
      { parley: 1, type: 'unread', payload: null },
      { parley: 1, type: 'unread', payload: [3] },
      { parley: 1, type: 'unread', payload: { count: '3' } },
      { parley: 1, type: 'unread', payload: { count: -1 } },
      { parley: 1, type: 'unread', payload: { count: 1.5 } },
      { parley: 1, type: 'unread', payload: { count: Number.NaN } },
      { parley: 1, type: 'unread', payload: { count: Number.POSITIVE_INFINITY } },
      { parley: 1, type: 'message' },
      { parley: 1, type: 'message', payload: 'hi' },
      { parley: 1, type: 'message', payload: { ...message, body: 42 } },
      { parley: 1, type: 'message', payload: { ...message, id: undefined } },
      { parley: 1, type: 'message', payload: { ...message, author: null } },
      { parley: 1, type: 'resolve' },
      { parley: 1, type: 'resolve', payload: 'vt.abc' },
      { parley: 1, type: 'resolve', payload: null },
      { parley: 1, type: 'resolve', payload: [{ visitorToken: 'vt.abc' }] },
      { parley: 1, type: 'resolve', payload: { visitorToken: 'vt.abc', frameUrl: 'https://evil.example/frame', unread: 0 } },
      // The message type it replaced.
      { parley: 1, type: 'token', payload: { visitorToken: 'vt.abc' } },
    ];
    for (const data of bad) expect(parseFrameMessage(data, origin)).toBeNull();
  });
});

describe('readFrameEvent', () => {
  const ready = { parley: 1, type: 'ready' };

  it('accepts a valid message from the Parley origin and the iframe window', () => {
    expect(readFrameEvent({ origin, source: frameWindow, data: ready }, origin, frameWindow)).toEqual({ type: 'ready' });
  });

  it('rejects other origins, even from the iframe window', () => {
    for (const other of ['https://evil.example.com', 'http://parley.example.com', 'https://parley.example.com:8443', 'null', '']) {
      expect(readFrameEvent({ origin: other, source: frameWindow, data: ready }, origin, frameWindow)).toBeNull();
    }
  });

  it('rejects other windows, even from the Parley origin', () => {
    expect(readFrameEvent({ origin, source: { name: 'another frame' }, data: ready }, origin, frameWindow)).toBeNull();
    expect(readFrameEvent({ origin, source: null, data: ready }, origin, frameWindow)).toBeNull();
  });

  it('rejects everything while there is no iframe', () => {
    expect(readFrameEvent({ origin, source: null, data: ready }, origin, null)).toBeNull();
    expect(readFrameEvent({ origin, source: undefined, data: ready }, origin, undefined)).toBeNull();
  });

  it('still validates the envelope of a trusted sender', () => {
    expect(readFrameEvent({ origin, source: frameWindow, data: { parley: 2, type: 'ready' } }, origin, frameWindow)).toBeNull();
  });
});

describe('parseResolve', () => {
  const resolve = {
    visitorToken: 'vt.abc',
    visitorId: '5f0c1a8e-1b2c-4d3e-8f9a-0b1c2d3e4f50',
    frameUrl: `${origin}/widget/v1/frame/bot-1`,
    bot: { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Helper', locale: 'en', premium: false, requireIdentity: false },
    theme: { color: '#1a2B3c', position: 'left', launcherText: ' Chat with us ', ink: '#ffffff' },
    greeting: 'Hi',
    unread: 2,
  };

  it('reads what the loader needs and keeps the whole response for init', () => {
    expect(parseResolve(resolve, origin)).toEqual({
      data: resolve,
      visitorToken: 'vt.abc',
      frameUrl: `${origin}/widget/v1/frame/bot-1`,
      color: '#1a2B3c',
      ink: '#ffffff',
      name: 'Helper',
      left: true,
      text: 'Chat with us',
      unread: 2,
      release: '',
    });
  });

  it("reads the served release's id, which page events are counted under", () => {
    const id = '3c9d2e1f-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
    expect(parseResolve({ ...resolve, release: { id, semver: '1.0.0' } }, origin)?.release).toBe(id);
    expect(parseResolve({ ...resolve, release: null }, origin)?.release).toBe('');
    expect(parseResolve({ ...resolve, release: { id: 42 } }, origin)?.release).toBe('');
  });

  it('resolves a relative frame URL against the Parley origin', () => {
    expect(parseResolve({ ...resolve, frameUrl: '/widget/v1/frame/bot-1' }, origin)?.frameUrl).toBe(`${origin}/widget/v1/frame/bot-1`);
  });

  it('rejects a frame URL on another origin', () => {
    expect(parseResolve({ ...resolve, frameUrl: 'https://evil.example.com/frame' }, origin)).toBeNull();
    expect(parseResolve({ ...resolve, frameUrl: 'javascript:alert(1)' }, origin)).toBeNull();
  });

  it('rejects responses without a token, frame URL or unread count', () => {
    expect(parseResolve(null, origin)).toBeNull();
    expect(parseResolve({ ...resolve, visitorToken: 1 }, origin)).toBeNull();
    expect(parseResolve({ ...resolve, frameUrl: undefined }, origin)).toBeNull();
    expect(parseResolve({ ...resolve, unread: -1 }, origin)).toBeNull();
  });

  it('falls back to safe theme values (a color is never injected into CSS unchecked)', () => {
    const r = parseResolve({ ...resolve, theme: { color: 'red;}body{display:none', position: 'top', launcherText: 5, ink: 'red;x:y' } }, origin);
    expect(r).toMatchObject({ color: '#222', ink: '#fff', left: false, text: '' });
    expect(parseResolve({ ...resolve, theme: undefined }, origin)).toMatchObject({ color: '#222', ink: '#fff', left: false, text: '' });
    // A nameless bot still names its launcher and frame.
    expect(parseResolve({ ...resolve, bot: { ...resolve.bot, name: '' } }, origin)?.name).toBe('Chat');
    expect(parseResolve({ ...resolve, bot: undefined }, origin)?.name).toBe('Chat');
  });
});

describe('identifyPayload', () => {
  it('keeps only the contract fields, as strings', () => {
    expect(identifyPayload({ userId: 'u1', name: 'Ann', email: 'a@example.com', userHash: 'f'.repeat(64), admin: true })).toEqual({
      userId: 'u1',
      name: 'Ann',
      email: 'a@example.com',
      userHash: 'f'.repeat(64),
    });
    expect(identifyPayload({ userId: 'u1', name: 7 })).toEqual({ userId: 'u1' });
  });

  it('needs a userId', () => {
    for (const user of [undefined, null, 'u1', {}, { userId: '' }, { userId: 1 }]) expect(identifyPayload(user)).toBeNull();
  });
});

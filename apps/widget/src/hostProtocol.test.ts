import { describe, expect, it } from 'vitest';
import { createHostGate, parseHostMessage } from './hostProtocol.js';
import { initMessage, resolve } from './test/fixtures.js';

const HOST = 'https://shop.example';

describe('parseHostMessage', () => {
  it('accepts a valid init and copies only known fields', () => {
    const data = initMessage();
    const parsed = parseHostMessage({ ...data, extra: 1, payload: { ...data.payload, resolve: { ...resolve(), evil: '<x>' } } });
    expect(parsed).toEqual(initMessage());
  });

  it('rejects wrong versions, unknown types and malformed payloads', () => {
    const bad: unknown[] = [
      null,
      'init',
      [],
      { ...initMessage(), parley: 2 },
      { parley: 1, type: 'explode' },
      { parley: 1, type: 'init', payload: { ...initMessage().payload, open: 'yes' } },
      initMessage({ theme: { color: 'red;background:url(x)', position: 'right', launcherText: '', ink: '#ffffff' } }),
      initMessage({ theme: { color: '#000000', position: 'right', launcherText: 'x'.repeat(41), ink: '#ffffff' } }),
      initMessage({ visitorToken: '' }),
      initMessage({ unread: -1 }),
      { parley: 1, type: 'identify', payload: { userId: '' } },
      { parley: 1, type: 'identify', payload: { userId: 'u', userHash: 'not-hex' } },
      { parley: 1, type: 'identify', payload: { userId: 'u', name: 42 } },
      { parley: 1, type: 'track', payload: { name: '' } },
      { parley: 1, type: 'track', payload: { name: 'x', props: [] } },
    ];
    for (const data of bad) expect(parseHostMessage(data)).toBeNull();
  });

  it('reads the release and its config; an old server without them gets the config its fields meant', () => {
    const release = { id: '33333333-3333-4333-8333-333333333333', semver: '1.2.0' };
    const withRelease = parseHostMessage(initMessage({ release }));
    expect(withRelease?.type === 'init' && withRelease.payload.resolve.release).toEqual(release);

    const data = initMessage({ bot: { ...resolve().bot, premium: true, locale: 'vi' } });
    const { release: _r, config: _c, runtimeUrl: _u, ...old } = data.payload.resolve;
    const parsed = parseHostMessage({ ...data, payload: { ...data.payload, resolve: old } });
    // The resolve's theme carries the launcher's text colour; a release's theme does not.
    const { ink: _ink, ...theme } = resolve().theme;
    expect(parsed?.type === 'init' && parsed.payload.resolve).toMatchObject({
      release: null,
      runtimeUrl: '',
      config: {
        theme,
        texts: { title: '', placeholder: '', awayMessage: '' },
        greeting: resolve().greeting,
        tabs: { assistant: true, liveSupport: true },
        features: { typingIndicator: true, readReceipts: true, simulateCrash: false },
        locale: 'vi',
      },
    });
  });

  it('keeps Live Support for a premium bot that has no release yet; a release decides for itself', () => {
    const bot = { ...resolve().bot, premium: true };
    const config = { ...resolve().config, tabs: { assistant: true, liveSupport: false } };
    const none = parseHostMessage(initMessage({ bot, config, release: null }));
    expect(none?.type === 'init' && none.payload.resolve.config.tabs).toEqual({ assistant: true, liveSupport: true });
    const release = { id: '33333333-3333-4333-8333-333333333333', semver: '1.0.0' };
    const released = parseHostMessage(initMessage({ bot, config, release }));
    expect(released?.type === 'init' && released.payload.resolve.config.tabs).toEqual({ assistant: true, liveSupport: false });
  });

  it('falls back to English for a locale it does not know', () => {
    const data = initMessage();
    const parsed = parseHostMessage({ ...data, payload: { ...data.payload, resolve: { ...resolve(), bot: { ...resolve().bot, locale: 'th' } } } });
    expect(parsed?.type === 'init' && parsed.payload.resolve.bot.locale).toBe('en');
  });

  it('parses the other commands', () => {
    expect(parseHostMessage({ parley: 1, type: 'open' })).toEqual({ parley: 1, type: 'open' });
    expect(parseHostMessage({ parley: 1, type: 'shutdown', payload: 'ignored' })).toEqual({ parley: 1, type: 'shutdown' });
    expect(parseHostMessage({ parley: 1, type: 'identify', payload: { userId: 'u1', email: 'a@b.c', userHash: 'ab'.repeat(32), role: 'admin' } })).toEqual({
      parley: 1,
      type: 'identify',
      payload: { userId: 'u1', email: 'a@b.c', userHash: 'ab'.repeat(32) },
    });
    expect(parseHostMessage({ parley: 1, type: 'track', payload: { name: 'added_to_cart', props: { sku: 'A1' } } })).toEqual({
      parley: 1,
      type: 'track',
      payload: { name: 'added_to_cart', props: { sku: 'A1' } },
    });
  });
});

describe('host gate', () => {
  it('ignores everything until a valid init from the parent, then pins its origin', () => {
    const gate = createHostGate();
    expect(gate.accept({ fromParent: true, origin: HOST, data: { parley: 1, type: 'open' } })).toBeNull();
    expect(gate.accept({ fromParent: false, origin: HOST, data: initMessage() })).toBeNull();
    expect(gate.accept({ fromParent: true, origin: 'null', data: initMessage() })).toBeNull();
    expect(gate.origin()).toBeNull();
    expect(gate.accept({ fromParent: true, origin: HOST, data: initMessage() })?.type).toBe('init');
    expect(gate.origin()).toBe(HOST);
  });

  it('after init accepts only the pinned origin, from the parent, and no second init', () => {
    const gate = createHostGate();
    gate.accept({ fromParent: true, origin: HOST, data: initMessage() });
    expect(gate.accept({ fromParent: true, origin: 'https://evil.example', data: { parley: 1, type: 'open' } })).toBeNull();
    expect(gate.accept({ fromParent: false, origin: HOST, data: { parley: 1, type: 'open' } })).toBeNull();
    expect(gate.accept({ fromParent: true, origin: HOST, data: initMessage() })).toBeNull();
    expect(gate.accept({ fromParent: true, origin: HOST, data: { parley: 1, type: 'open' } })).toEqual({ parley: 1, type: 'open' });
    expect(gate.origin()).toBe(HOST);
  });
});

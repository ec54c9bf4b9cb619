import { completeWidgetConfig, WidgetConfig } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { parseRelease, parseWidgetConfig } from './parseWidgetConfig.js';
import { tabsOf } from './tabsOf.js';

const fallback = completeWidgetConfig({ theme: { color: '#123456', position: 'left' }, greeting: 'Old greeting', locale: 'vi', tabs: { liveSupport: true } });

const full: WidgetConfig = {
  theme: { color: '#abcdef', position: 'right', launcherText: 'Ask us' },
  texts: { title: 'Help desk', placeholder: 'Your question…', awayMessage: 'We are away' },
  greeting: 'Welcome!',
  tabs: { assistant: false, liveSupport: true },
  features: { typingIndicator: false, readReceipts: false, simulateCrash: true },
  locale: 'en',
};

describe('parseWidgetConfig', () => {
  it('keeps a valid config as it is (and only its known fields)', () => {
    expect(parseWidgetConfig({ ...full, extra: '<script>', theme: { ...full.theme, css: 'x' } }, fallback)).toEqual(full);
    // What the server's own schema produces is accepted unchanged.
    const fromSchema = completeWidgetConfig({ texts: { title: 'T' }, features: { simulateCrash: true } });
    expect(WidgetConfig.parse(fromSchema)).toEqual(fromSchema);
    expect(parseWidgetConfig(fromSchema, fallback)).toEqual(fromSchema);
  });

  it('takes every missing field from the fallback (an old server sends no config at all)', () => {
    expect(parseWidgetConfig(undefined, fallback)).toEqual(fallback);
    expect(parseWidgetConfig({}, fallback)).toEqual(fallback);
    expect(parseWidgetConfig({ texts: { title: 'Only this' }, features: { readReceipts: false } }, fallback)).toEqual({
      ...fallback,
      texts: { ...fallback.texts, title: 'Only this' },
      features: { ...fallback.features, readReceipts: false },
    });
  });

  it('replaces junk field by field, and the result always passes the contract schema', () => {
    const junk = {
      theme: { color: 'red;background:url(x)', position: 'top', launcherText: 'x'.repeat(41) },
      texts: { title: 42, placeholder: 'p'.repeat(81), awayMessage: ['no'] },
      greeting: { html: '<b>' },
      tabs: { assistant: 'yes', liveSupport: 1 },
      features: { typingIndicator: null, readReceipts: 'false', simulateCrash: {} },
      locale: 'th',
    };
    const parsed = parseWidgetConfig(junk, fallback);
    expect(parsed).toEqual(fallback);
    for (const x of [null, 'config', 7, [], junk, { theme: [], texts: 'x', tabs: null }]) expect(WidgetConfig.safeParse(parseWidgetConfig(x, fallback)).success).toBe(true);
  });

  it('trims texts as the server stores them and never shows no tab at all', () => {
    expect(parseWidgetConfig({ greeting: '  Hi  ', texts: { title: ' T ' } }, fallback)).toMatchObject({ greeting: 'Hi', texts: { title: 'T' } });
    const none = parseWidgetConfig({ tabs: { assistant: false, liveSupport: false } }, fallback);
    expect(none.tabs).toEqual({ assistant: true, liveSupport: false });
  });
});

describe('tabsOf', () => {
  it('shows the tabs the release enables, at least one', () => {
    expect(tabsOf({ tabs: { assistant: true, liveSupport: true } })).toEqual(['assistant', 'human']);
    expect(tabsOf({ tabs: { assistant: true, liveSupport: false } })).toEqual(['assistant']);
    expect(tabsOf({ tabs: { assistant: false, liveSupport: true } })).toEqual(['human']);
    expect(tabsOf({ tabs: { assistant: false, liveSupport: false } })).toEqual(['assistant']);
  });
});

describe('parseRelease', () => {
  it('reads { id, semver } or null', () => {
    const id = '33333333-3333-4333-8333-333333333333';
    expect(parseRelease({ id, semver: '1.2.0', extra: 1 })).toEqual({ id, semver: '1.2.0' });
    for (const x of [null, undefined, 'x', { id }, { id: 'not-a-uuid', semver: '1.0.0' }, { id, semver: 1 }]) expect(parseRelease(x)).toBeNull();
  });
});

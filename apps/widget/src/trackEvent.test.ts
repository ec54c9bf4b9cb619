import { WidgetEvent } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { MAX_PROPS, trackEvent } from './trackEvent.js';

describe('trackEvent', () => {
  it('keeps scalar props and drops or cuts what the endpoint would refuse', () => {
    const event = trackEvent('  purchase ', { sku: 'A1', price: 9.5, ok: true, none: null, nested: { a: 1 }, list: [1], fn: () => 1, nan: Number.NaN, long: 'x'.repeat(600), ['k'.repeat(101)]: 1 });
    expect(event).toEqual({ type: 'track', name: 'purchase', props: { sku: 'A1', price: 9.5, ok: true, none: null, nan: null, long: 'x'.repeat(500) } });
    expect(WidgetEvent.safeParse(event).success).toBe(true);
  });

  it('omits missing props, refuses a blank name and caps the number of props', () => {
    expect(trackEvent('signup', undefined)).toEqual({ type: 'track', name: 'signup' });
    expect(trackEvent('   ', {})).toBeNull();
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, i]));
    const event = trackEvent('x', many);
    expect(Object.keys(event?.props ?? {})).toHaveLength(MAX_PROPS);
  });
});

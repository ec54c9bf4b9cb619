import { WidgetEventBatch, type WidgetEvent } from '@parley/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBeacons, FLUSH_MS, MAX_BATCH, MAX_QUEUE, sendBeacon } from './beacons.js';

const URL_ = 'https://parley.example/widget/v1/bots/22222222-2222-4222-8222-222222222222/events';
const RELEASE = '33333333-3333-4333-8333-333333333333';
const target = { url: URL_, visitorToken: 'vt.signed', releaseId: RELEASE };

function setup() {
  const sent: { url: string; batch: WidgetEventBatch }[] = [];
  const beacons = createBeacons((url, body) => sent.push({ url, batch: WidgetEventBatch.parse(JSON.parse(body)) }));
  return { beacons, sent };
}

const track = (i: number): WidgetEvent => ({ type: 'track', name: `e${i}` });

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('beacons', () => {
  it('batches events for ~2 s into one valid WidgetEventBatch to the events URL', () => {
    const { beacons, sent } = setup();
    beacons.setTarget(target);
    beacons.add({ type: 'loaded', loadTimeMs: 120 });
    beacons.add({ type: 'opened' });
    vi.advanceTimersByTime(FLUSH_MS - 1);
    expect(sent).toEqual([]);
    beacons.add({ type: 'message_sent' });
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([
      { url: URL_, batch: { visitorToken: 'vt.signed', releaseId: RELEASE, events: [{ type: 'loaded', loadTimeMs: 120 }, { type: 'opened' }, { type: 'message_sent' }] } },
    ]);
    vi.advanceTimersByTime(FLUSH_MS * 3);
    expect(sent).toHaveLength(1);
  });

  it('sends at most 50 events a batch, at once when 50 are queued', () => {
    const { beacons, sent } = setup();
    beacons.setTarget(target);
    for (let i = 0; i < MAX_BATCH + 3; i++) beacons.add(track(i));
    expect(sent.map((s) => s.batch.events.length)).toEqual([MAX_BATCH]);
    vi.advanceTimersByTime(FLUSH_MS);
    expect(sent.map((s) => s.batch.events.length)).toEqual([MAX_BATCH, 3]);
  });

  it('flushes everything at once (page hidden), in batches', () => {
    const { beacons, sent } = setup();
    for (let i = 0; i < 120; i++) beacons.add(track(i));
    beacons.flush();
    expect(sent).toEqual([]); // no target yet: nothing can be sent
    beacons.setTarget(target);
    beacons.flush();
    expect(sent.map((s) => s.batch.events.length)).toEqual([50, 50, 20]);
    expect(sent.flatMap((s) => s.batch.events)).toEqual(Array.from({ length: 120 }, (_, i) => track(i)));
  });

  it('keeps events from before the target is known, and caps the queue by dropping the oldest', () => {
    const { beacons, sent } = setup();
    for (let i = 0; i < MAX_QUEUE + 30; i++) beacons.add(track(i));
    beacons.setTarget(target);
    vi.advanceTimersByTime(FLUSH_MS);
    const events = sent.flatMap((s) => s.batch.events);
    expect(events).toHaveLength(MAX_QUEUE);
    expect(events[0]).toEqual(track(30));
  });

  it('sends nothing when there is no release, and what was queued goes to the old release on a change', () => {
    const { beacons, sent } = setup();
    beacons.add({ type: 'opened' });
    beacons.setTarget(null);
    beacons.add({ type: 'message_sent' });
    vi.advanceTimersByTime(FLUSH_MS);
    expect(sent).toEqual([]);

    beacons.setTarget(target);
    beacons.add({ type: 'opened' });
    const next = '44444444-4444-4444-8444-444444444444';
    beacons.setTarget({ ...target, releaseId: next });
    beacons.add({ type: 'message_sent' });
    vi.advanceTimersByTime(FLUSH_MS);
    expect(sent.map((s) => [s.batch.releaseId, s.batch.events])).toEqual([
      [RELEASE, [{ type: 'opened' }]],
      [next, [{ type: 'message_sent' }]],
    ]);
  });
});

describe('sendBeacon', () => {
  afterEach(() => void vi.unstubAllGlobals());

  it('uses navigator.sendBeacon with the JSON string, else fetch with keepalive; never throws', async () => {
    const beacon = vi.fn(() => true);
    const fetch = vi.fn(() => Promise.reject(new Error('offline')));
    vi.stubGlobal('navigator', { sendBeacon: beacon });
    vi.stubGlobal('fetch', fetch);
    sendBeacon(URL_, '{"a":1}');
    expect(beacon).toHaveBeenCalledWith(URL_, '{"a":1}');
    expect(fetch).not.toHaveBeenCalled();

    beacon.mockReturnValue(false); // the browser refused it (queue full)
    sendBeacon(URL_, '{"a":2}');
    expect(fetch).toHaveBeenCalledWith(URL_, expect.objectContaining({ method: 'POST', body: '{"a":2}', keepalive: true }));

    vi.stubGlobal('navigator', {});
    sendBeacon(URL_, '{"a":3}');
    expect(fetch).toHaveBeenCalledTimes(2);
    await Promise.resolve(); // the rejection is swallowed, not unhandled

    vi.stubGlobal('fetch', () => {
      throw new Error('no fetch');
    });
    expect(() => sendBeacon(URL_, '{}')).not.toThrow();
  });
});

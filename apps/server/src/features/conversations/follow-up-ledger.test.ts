import { describe, expect, it } from 'vitest';
import { CLOCK_SLACK_MS, createFollowUpLedger } from './follow-up-ledger.js';

describe('follow-up ledger', () => {
  it('is done up to the oldest follow-up under way (or now), less the clock slack', () => {
    let now = 100_000;
    const ledger = createFollowUpLedger(() => new Date(now));
    expect(ledger.doneBefore().getTime()).toBe(now - CLOCK_SLACK_MS);
    const first = ledger.hold(new Date(90_000));
    const second = ledger.hold(new Date(95_000));
    now = 200_000;
    expect(ledger.doneBefore().getTime()).toBe(90_000 - CLOCK_SLACK_MS);
    first();
    expect(ledger.doneBefore().getTime()).toBe(95_000 - CLOCK_SLACK_MS);
    // Releasing twice changes nothing.
    first();
    expect(ledger.size).toBe(1);
    second();
    expect(ledger.size).toBe(0);
    expect(ledger.doneBefore().getTime()).toBe(200_000 - CLOCK_SLACK_MS);
  });

  it('tells when the work under way is done, or that the wait timed out', async () => {
    const ledger = createFollowUpLedger(() => new Date());
    expect(await ledger.idle(10)).toBe(true);
    const release = ledger.hold(new Date());
    expect(await ledger.idle(20)).toBe(false);
    const waiting = ledger.idle(5_000);
    setTimeout(release, 10);
    expect(await waiting).toBe(true);
  });
});

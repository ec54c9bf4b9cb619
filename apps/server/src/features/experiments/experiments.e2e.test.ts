import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { activeReleases, deployments, experiments, widgetEvents } from '@parley/db';
import { Experiment, ExperimentResults } from '@parley/contracts';
import { insertRelease } from '../../test/release-fixtures.js';
import { call, createMember, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';

describe('A/B experiments', () => {
  let t: TestApp;
  let owner: Actor;
  let orgId: string;
  let botId: string;
  let control: string;
  let variant: string;
  let experiment: Experiment;
  beforeAll(async () => {
    t = await createTestApp({ JUDGE_INTERVAL_SECONDS: '86400' });
    owner = await createOwner(t, 'ab');
    orgId = owner.orgId ?? '';
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'AB' })).json().id;
    control = await insertRelease(t, orgId, botId, '1.0.0', { active: true });
    variant = await insertRelease(t, orgId, botId, '1.1.0', { status: 'draft' });
  });
  afterAll(() => t.close());

  /** `visitors` distinct visitors loading `releaseId`, the first `converted` of them also purchasing. */
  async function arm(releaseId: string, visitors: number, converted: number) {
    const at = new Date(Date.now() + 1000);
    const rows = [];
    for (let i = 0; i < visitors; i++) {
      const visitorId = randomUUID();
      rows.push({ orgId, botId, releaseId, visitorId, type: 'loaded' as const, loadTimeMs: 200, at });
      // Converters purchase twice: a visitor counts once.
      if (i < converted) rows.push({ orgId, botId, releaseId, visitorId, type: 'track' as const, name: 'purchase', at });
      if (i < converted) rows.push({ orgId, botId, releaseId, visitorId, type: 'track' as const, name: 'purchase', at });
    }
    await t.database.db.insert(widgetEvents).values(rows);
  }
  const results = async () => {
    const res = await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/experiments/${experiment.id}/results`);
    expect(res.statusCode, res.body).toBe(200);
    return ExperimentResults.parse(res.json());
  };

  it('starts one experiment per bot (a draft arm is published) and refuses bad arms', async () => {
    const post = (body: unknown) => call(t.app, owner, 'POST', `/api/v1/bots/${botId}/experiments`, body);
    const arms = [{ releaseId: control, weight: 50 }, { releaseId: variant, weight: 50 }];
    expect((await post({ name: 'dup', arms: [arms[0], arms[0]], goal: { kind: 'open_rate' } })).statusCode).toBe(400);
    expect((await post({ name: 'one', arms: [arms[0]], goal: { kind: 'open_rate' } })).statusCode).toBe(400);
    expect((await post({ name: 'x', arms, goal: { kind: 'nope' } })).statusCode).toBe(400);
    expect((await post({ name: 'x', arms: [arms[0], { releaseId: randomUUID(), weight: 1 }], goal: { kind: 'open_rate' } })).statusCode).toBe(404);
    const viewer = await createMember(t, owner, 'viewer');
    expect((await call(t.app, viewer, 'POST', `/api/v1/bots/${botId}/experiments`, { name: 'v', arms, goal: { kind: 'open_rate' } })).statusCode).toBe(403);
    const res = await post({ name: 'Checkout copy', arms, goal: { kind: 'event', event: 'purchase' } });
    expect(res.statusCode, res.body).toBe(201);
    experiment = Experiment.parse(res.json());
    expect(experiment).toMatchObject({ state: 'running', winnerReleaseId: null, arms });
    expect((await post({ name: 'second', arms, goal: { kind: 'open_rate' } })).statusCode).toBe(409);
    expect((await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/rollouts`, { releaseId: variant })).statusCode).toBe(409);
    expect((await call(t.app, viewer, 'GET', `/api/v1/bots/${botId}/experiments`)).json()).toHaveLength(1);
    const stranger = await createOwner(t, 'stranger');
    expect((await call(t.app, stranger, 'GET', `/api/v1/bots/${botId}/experiments/${experiment.id}/results`)).statusCode).toBe(404);
    expect((await call(t.app, stranger, 'POST', `/api/v1/bots/${botId}/experiments/${experiment.id}/stop`, {})).statusCode).toBe(404);
  });

  it('counts distinct visitors and converters per arm, with lift, CI, p-value and the SRM check', async () => {
    await arm(control, 1000, 100);
    await arm(variant, 1000, 150);
    // A purchase from someone who never loaded the variant does not count.
    await t.database.db.insert(widgetEvents).values({ orgId, botId, releaseId: variant, visitorId: randomUUID(), type: 'track', name: 'purchase', at: new Date(Date.now() + 1000) });
    const first = await results();
    expect(first.arms.map((a) => [a.visitors, a.conversions, a.rate])).toEqual([
      [1000, 100, 0.1],
      [1000, 150, 0.15],
    ]);
    expect(first.arms[0]?.lift).toBeNull();
    const lift = first.arms[1]?.lift;
    expect(lift?.absolute).toBeCloseTo(0.05, 10);
    expect(lift?.relative).toBeCloseTo(0.5, 10);
    expect(lift?.ci95[0]).toBeCloseTo(0.05 - 1.959964 * Math.sqrt((0.15 * 0.85) / 1000 + (0.1 * 0.9) / 1000), 5);
    expect(lift?.pValue).toBeLessThan(0.001);
    expect(first.sampleRatioMismatch).toMatchObject({ chiSquare: 0, mismatch: false });
    await arm(control, 300, 0);
    const skewed = await results();
    expect(skewed.arms[0]?.visitors).toBe(1300);
    expect(skewed.sampleRatioMismatch.chiSquare).toBeCloseTo((150 * 150 * 2) / 1150, 6);
    expect(skewed.sampleRatioMismatch.mismatch).toBe(true);
    // The launcher on a page is exposure too (most page views never load the widget): a visitor who only saw
    // the variant's launcher and bought counts, and one who saw it and then loaded the widget counts once.
    const at = new Date(Date.now() + 1000);
    const [onlySaw, sawAndLoaded] = [randomUUID(), randomUUID()];
    await t.database.db.insert(widgetEvents).values([
      { orgId, botId, releaseId: variant, visitorId: onlySaw, type: 'viewed', at },
      { orgId, botId, releaseId: variant, visitorId: onlySaw, type: 'track', name: 'purchase', at },
      { orgId, botId, releaseId: variant, visitorId: sawAndLoaded, type: 'viewed', at },
      { orgId, botId, releaseId: variant, visitorId: sawAndLoaded, type: 'loaded', loadTimeMs: 100, at },
    ]);
    expect((await results()).arms[1]).toMatchObject({ visitors: 1002, conversions: 151 });
  });

  it('stops by shipping the winner, which becomes the active release', async () => {
    const stop = (body: unknown) => call(t.app, owner, 'POST', `/api/v1/bots/${botId}/experiments/${experiment.id}/stop`, body);
    expect((await stop({ winnerReleaseId: randomUUID() })).statusCode).toBe(400);
    // The events are stamped a second ahead (the experiment's window must hold them when it stops).
    await new Promise((r) => setTimeout(r, 1100));
    const beforeStop = await results();
    const res = await stop({ winnerReleaseId: variant });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'stopped', winnerReleaseId: variant });
    expect((await stop({})).statusCode).toBe(409);
    const [row] = await t.database.db.select().from(activeReleases).where(eq(activeReleases.botId, botId));
    expect(row?.releaseId).toBe(variant);
    const kinds = await t.database.db.select().from(deployments).where(and(eq(deployments.botId, botId), eq(deployments.orgId, orgId)));
    expect(kinds.map((d) => d.kind).sort()).toEqual(['experiment_start', 'experiment_stop']);
    expect(kinds.find((d) => d.kind === 'experiment_stop')).toMatchObject({ releaseId: variant, previousReleaseId: control, actorKind: 'user' });
    // Results stay readable after the stop (counting up to the stop only), from the counts kept at the
    // stop: the same once the retention job has deleted the events they came from.
    const atStop = await results();
    expect(atStop).toEqual(beforeStop);
    expect(atStop.arms.every((a) => a.visitors > 0 && a.conversions > 0)).toBe(true);
    await t.database.db.delete(widgetEvents).where(and(eq(widgetEvents.orgId, orgId), eq(widgetEvents.botId, botId)));
    expect(await results()).toEqual(atStop);
  });

  it('a rollback stops the running experiment, keeping its counts', async () => {
    const start = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/experiments`, {
      name: 'second',
      arms: [{ releaseId: variant, weight: 50 }, { releaseId: control, weight: 50 }],
      goal: { kind: 'event', event: 'purchase' },
    });
    expect(start.statusCode, start.body).toBe(201);
    experiment = Experiment.parse(start.json());
    await arm(variant, 40, 4);
    await arm(control, 60, 3);
    // The events are stamped a second ahead (the experiment's window must hold them when it stops).
    await new Promise((r) => setTimeout(r, 1100));
    const rollback = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/rollback`, { releaseId: control, reason: 'variant broke checkout' });
    expect(rollback.statusCode, rollback.body).toBe(200);
    const [stopped] = await t.database.db.select().from(experiments).where(eq(experiments.id, experiment.id));
    expect(stopped).toMatchObject({ state: 'stopped', winnerReleaseId: null });
    expect(stopped?.armCounts).toEqual([
      { releaseId: variant, visitors: 40, conversions: 4 },
      { releaseId: control, visitors: 60, conversions: 3 },
    ]);
    const atStop = await results();
    await t.database.db.delete(widgetEvents).where(and(eq(widgetEvents.orgId, orgId), eq(widgetEvents.botId, botId)));
    expect(await results()).toEqual(atStop);
    expect(atStop.arms.map((a) => [a.visitors, a.conversions])).toEqual([
      [40, 4],
      [60, 3],
    ]);
  });
});

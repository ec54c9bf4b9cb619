import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { activeReleases, deployments, widgetReleases } from '@parley/db';
import { Rollout } from '@parley/contracts';
import { insertEvents, insertRelease } from '../../test/release-fixtures.js';
import { call, createMember, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';
import { createJobLeaseStore } from './job-lease-store.js';

const MINUTE = 60_000;

describe('canary rollouts and the judge', () => {
  let t: TestApp;
  let owner: Actor;
  let orgId: string;
  beforeAll(async () => {
    t = await createTestApp({ JUDGE_INTERVAL_SECONDS: '86400' });
    owner = await createOwner(t, 'canary');
    orgId = owner.orgId ?? '';
  });
  afterAll(() => t.close());

  async function botWithReleases(name: string) {
    const botId: string = (await call(t.app, owner, 'POST', '/api/v1/bots', { name })).json().id;
    const stable = await insertRelease(t, orgId, botId, '1.0.0', { active: true });
    const candidate = await insertRelease(t, orgId, botId, '1.1.0');
    return { botId, stable, candidate };
  }
  const start = async (botId: string, body: unknown) => {
    const res = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/rollouts`, body);
    expect(res.statusCode, res.body).toBe(201);
    return Rollout.parse(res.json());
  };
  const get = async (botId: string) => Rollout.array().parse((await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/rollouts`)).json());
  const active = async (botId: string) =>
    (await t.database.db.select().from(activeReleases).where(eq(activeReleases.botId, botId)))[0]?.releaseId;
  const timeline = (botId: string) =>
    t.database.db.select().from(deployments).where(and(eq(deployments.botId, botId), eq(deployments.orgId, orgId))).orderBy(asc(deployments.at));
  /** `n` visitors each loading `releaseId` once (with `errors` of them also reporting an error). */
  async function traffic(botId: string, releaseId: string, n: number, at: Date, errors = 0, loadTimeMs = 300) {
    for (let i = 0; i < n; i++) {
      const events = i < errors ? [{ type: 'loaded' as const, loadTimeMs }, { type: 'error' as const, message: 'boom', stackHash: 'dead' }] : [{ type: 'loaded' as const, loadTimeMs }];
      await insertEvents(t, { orgId, botId, releaseId, visitorId: randomUUID() }, events, at);
    }
  }

  it('validates the start: policy, candidate, one live rollout per bot', async () => {
    const { botId, stable, candidate } = await botWithReleases('validation');
    const post = (body: unknown) => call(t.app, owner, 'POST', `/api/v1/bots/${botId}/rollouts`, body);
    for (const policy of [{ steps: [50, 25, 100] }, { steps: [5, 50] }, { steps: [0, 100] }, { steps: [150] }, { maxErrorRate: 2 }, { bogus: 1 }]) {
      const res = await post({ releaseId: candidate, policy });
      expect(res.statusCode, JSON.stringify(policy)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await post({ releaseId: stable })).statusCode).toBe(409);
    expect((await post({ releaseId: randomUUID() })).statusCode).toBe(404);
    const rollout = await start(botId, { releaseId: candidate });
    expect(rollout).toMatchObject({ steps: [5, 25, 50, 100], stepIndex: 0, percent: 5, state: 'running', baselineReleaseId: stable, lastVerdict: null });
    expect((await post({ releaseId: candidate })).statusCode).toBe(409);
    const viewer = await createMember(t, owner, 'viewer');
    expect((await call(t.app, viewer, 'GET', `/api/v1/bots/${botId}/rollouts`)).statusCode).toBe(200);
    expect((await call(t.app, viewer, 'POST', `/api/v1/bots/${botId}/rollouts/${rollout.id}/abort`)).statusCode).toBe(403);
    expect((await call(t.app, viewer, 'POST', `/api/v1/bots/${botId}/rollouts`, { releaseId: candidate })).statusCode).toBe(403);
    const stranger = await createOwner(t, 'stranger');
    expect((await call(t.app, stranger, 'GET', `/api/v1/bots/${botId}/rollouts`)).statusCode).toBe(404);
    expect((await call(t.app, stranger, 'POST', `/api/v1/bots/${botId}/rollouts/${rollout.id}/pause`)).statusCode).toBe(404);
    expect((await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/rollouts/${rollout.id}/abort`, { reason: 'done testing' })).statusCode).toBe(200);
  });

  it('holds without data, then promotes a healthy canary 5 → 25 → 50 → 100 % and makes it active', async () => {
    const { botId, stable, candidate } = await botWithReleases('healthy');
    const rollout = await start(botId, { releaseId: candidate, policy: { minSamplePerStep: 20, minStepDurationMinutes: 10 } });
    let clock = Date.parse(rollout.stepStartedAt);
    const none = await t.app.runJudgeOnce(new Date(clock + 11 * MINUTE));
    expect(none.verdicts).toContainEqual({ rolloutId: rollout.id, verdict: 'hold' });
    const held = (await get(botId))[0];
    expect(held).toMatchObject({ state: 'running', percent: 5 });
    expect(JSON.stringify(held?.lastVerdict)).toContain('never rolled back for lack of traffic');

    const percents: number[] = [];
    for (let step = 0; step < 4; step++) {
      await traffic(botId, candidate, 30, new Date(clock + MINUTE));
      await traffic(botId, stable, 30, new Date(clock + MINUTE));
      // Healthy but too early: hold.
      const early = await t.app.runJudgeOnce(new Date(clock + 5 * MINUTE));
      expect(early.verdicts).toContainEqual({ rolloutId: rollout.id, verdict: 'hold' });
      clock += 11 * MINUTE;
      const run = await t.app.runJudgeOnce(new Date(clock));
      expect(run.verdicts).toContainEqual({ rolloutId: rollout.id, verdict: 'promote' });
      const now = (await get(botId))[0];
      percents.push(now?.percent ?? -1);
      if (step < 3) expect(now?.state).toBe('running');
    }
    expect(percents).toEqual([25, 50, 100, 100]);
    expect((await get(botId))[0]?.state).toBe('completed');
    expect(await active(botId)).toBe(candidate);
    const rows = await timeline(botId);
    expect(rows.map((r) => r.kind)).toEqual(['canary_start', 'canary_step', 'canary_step', 'canary_step', 'canary_promote']);
    expect(rows.slice(1).every((r) => r.actorKind === 'judge')).toBe(true);
    expect(rows[4]).toMatchObject({ releaseId: candidate, previousReleaseId: stable });
    // Nothing left to judge.
    expect((await t.app.runJudgeOnce(new Date(clock + 20 * MINUTE))).verdicts.some((v) => v.rolloutId === rollout.id)).toBe(false);
  });

  it('rolls a broken canary (20 % errors) back by itself, recording the judge, reasons and metrics', async () => {
    const { botId, stable, candidate } = await botWithReleases('broken');
    const rollout = await start(botId, { releaseId: candidate, policy: { minSamplePerStep: 50 } });
    const at = Date.parse(rollout.stepStartedAt);
    await traffic(botId, candidate, 100, new Date(at + MINUTE), 20);
    await traffic(botId, stable, 100, new Date(at + MINUTE), 0);
    const run = await t.app.runJudgeOnce(new Date(at + 2 * MINUTE));
    expect(run.verdicts).toContainEqual({ rolloutId: rollout.id, verdict: 'rollback' });
    expect((await get(botId))[0]?.state).toBe('rolled_back');
    expect(await active(botId)).toBe(stable);
    const last = (await timeline(botId)).at(-1);
    expect(last).toMatchObject({ kind: 'rollback', actorKind: 'judge', releaseId: stable });
    expect(last?.reason).toContain('automatic rollback');
    expect(last?.reason).toMatch(/error rate/i);
    expect(last?.metrics).toMatchObject({ verdict: 'rollback', candidateReleaseId: candidate, snapshot: { canary: { loads: 100, errors: 20, errorRate: 0.2 }, stable: { loads: 100, errors: 0 } } });
    // A new rollout may start after the rollback.
    const again = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/rollouts`, { releaseId: candidate });
    expect(again.statusCode).toBe(201);
  });

  it('pauses, resumes, promotes by hand and aborts, refusing moves from the wrong state', async () => {
    const { botId, stable } = await botWithReleases('steer');
    const draft = await insertRelease(t, orgId, botId, '2.0.0', { status: 'draft' });
    const rollout = await start(botId, { releaseId: draft, policy: { steps: [10, 100] } });
    const [release] = await t.database.db.select().from(widgetReleases).where(eq(widgetReleases.id, draft));
    expect(release?.status).toBe('published');
    expect(await active(botId)).toBe(stable);
    const act = (action: string, body?: unknown) => call(t.app, owner, 'POST', `/api/v1/bots/${botId}/rollouts/${rollout.id}/${action}`, body);
    expect((await act('resume')).statusCode).toBe(409);
    const paused = await act('pause', { reason: 'checking a report' });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().state).toBe('paused');
    expect((await t.app.runJudgeOnce(new Date(Date.now() + 3_600_000))).verdicts.some((v) => v.rolloutId === rollout.id)).toBe(false);
    expect((await act('pause')).statusCode).toBe(409);
    expect((await act('resume', {})).json().state).toBe('running');
    const promoted = await act('promote');
    expect(promoted.json()).toMatchObject({ state: 'running', percent: 100, stepIndex: 1 });
    expect((await act('abort')).json().state).toBe('aborted');
    expect((await act('abort')).statusCode).toBe(409);
    expect((await act('promote')).statusCode).toBe(409);
    expect(await active(botId)).toBe(stable);
    const kinds = (await timeline(botId)).map((r) => [r.kind, r.actorKind]);
    expect(kinds).toEqual([
      ['canary_start', 'user'],
      ['canary_pause', 'user'],
      ['canary_resume', 'user'],
      ['canary_step', 'user'],
      ['canary_abort', 'user'],
    ]);
    expect((await timeline(botId))[1]?.reason).toBe('checking a report');
    expect((await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/rollouts/${randomUUID()}/pause`)).statusCode).toBe(404);
  });

  it('runs the judge on one node at a time (lease)', async () => {
    const leases = createJobLeaseStore(t.database.db);
    const now = new Date(Date.now() + 10 * 86_400_000);
    expect((await t.app.runJudgeOnce(now)).ran).toBe(true);
    expect(await leases.acquire('rollout-judge', 'another-node', now, new Date(now.getTime() + 60_000))).toBe(false);
    expect((await t.app.runJudgeOnce(now)).ran).toBe(true);
    const later = new Date(now.getTime() + 3 * 86_400_000);
    expect(await leases.acquire('rollout-judge', 'another-node', later, new Date(later.getTime() + 60_000))).toBe(true);
    expect((await t.app.runJudgeOnce(later)).ran).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deployment, PreviewLink, Release, ReleaseList, WidgetResolve } from '@parley/contracts';
import { rollouts } from '@parley/db';
import { eq } from 'drizzle-orm';
import { bucket, inCanary } from '@parley/rollout';
import { z } from 'zod';
import { anonymous, call, createMember, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';

const Deployments = z.array(Deployment);
const eqId = (id: string) => eq(rollouts.id, id);

describe('widget releases', () => {
  let t: TestApp;
  let owner: Actor;
  let botId: string;
  const base = () => `/api/v1/bots/${botId}`;
  const draft = async (body: Record<string, unknown> = {}) => {
    const res = await call(t.app, owner, 'POST', `${base()}/releases`, body);
    expect(res.statusCode, res.body).toBe(201);
    return Release.parse(res.json());
  };
  const publish = async (id: string) => {
    const res = await call(t.app, owner, 'POST', `${base()}/releases/${id}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    return Release.parse(res.json());
  };
  const resolve = async (vt?: string, extra: Record<string, string> = {}, query = '') => {
    const qs = new URLSearchParams({ ...(vt ? { vt } : {}) }).toString();
    return t.app.inject({ method: 'GET', url: `/widget/v1/bots/${botId}/resolve?${qs}${query}`, headers: extra });
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createOwner(t, 'releases');
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Release bot' })).json().id;
  });
  afterAll(() => t.close());

  it('serves the defaults (release null) before anything is published', async () => {
    const res = await resolve();
    expect(res.statusCode).toBe(200);
    const body = WidgetResolve.parse(res.json());
    expect(body.release).toBeNull();
    expect(body.greeting).not.toBe('');
  });

  it('starts a draft from scratch at what visitors get without a release: publishing it changes nothing they see', async () => {
    const premium = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Premium VN', premium: true, locale: 'vi' })).json().id;
    const resolvePremium = async () => WidgetResolve.parse((await t.app.inject({ method: 'GET', url: `/widget/v1/bots/${premium}/resolve` })).json());
    const before = await resolvePremium();
    expect(before.release).toBeNull();
    expect(before.config).toMatchObject({ locale: 'vi', tabs: { assistant: true, liveSupport: true } });
    const created = await call(t.app, owner, 'POST', `/api/v1/bots/${premium}/releases`, {});
    expect(created.statusCode, created.body).toBe(201);
    const scratch = Release.parse(created.json());
    expect(scratch.config).toEqual(before.config);
    expect((await call(t.app, owner, 'POST', `/api/v1/bots/${premium}/releases/${scratch.id}/publish`)).statusCode).toBe(200);
    const after = await resolvePremium();
    expect(after.release?.id).toBe(scratch.id);
    expect({ ...after, release: null, visitorToken: '', visitorId: '' }).toEqual({ ...before, release: null, visitorToken: '', visitorId: '' });
  });

  it('suggests versions, creates a draft, edits it, publishes it, then refuses to change it', async () => {
    const empty = ReleaseList.parse((await call(t.app, owner, 'GET', `${base()}/releases`)).json());
    expect(empty.suggested).toEqual({ patch: '1.0.0', minor: '1.0.0', major: '1.0.0' });
    const r = await draft({ semver: '1.0.0', config: { theme: { color: '#112233' } }, changelog: 'first' });
    expect(r).toMatchObject({ status: 'draft', active: false, semver: '1.0.0', createdBy: owner.userId });
    expect(r.config.theme.color).toBe('#112233');
    expect(r.runtime).toMatch(/^(web-[0-9a-f]{12}|unbuilt)$/);
    expect(r.assetUrl).toBe('http://parley.test/widget/v1/assets/');
    const patched = await call(t.app, owner, 'PATCH', `${base()}/releases/${r.id}`, { config: { greeting: 'Hello v1' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().config).toMatchObject({ greeting: 'Hello v1', theme: { color: '#112233' } });
    const published = await publish(r.id);
    expect(published).toMatchObject({ status: 'published', active: true, publishedBy: owner.userId });
    for (const [method, url, body] of [
      ['PATCH', `${base()}/releases/${r.id}`, { changelog: 'x' }],
      ['DELETE', `${base()}/releases/${r.id}`, undefined],
      ['POST', `${base()}/releases/${r.id}/publish`, undefined],
    ] as const) {
      const res = await call(t.app, owner, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(409);
      expect(res.json().code).toBe('release_immutable');
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const list = ReleaseList.parse((await call(t.app, owner, 'GET', `${base()}/releases`)).json());
    expect(list.suggested).toEqual({ patch: '1.0.1', minor: '1.1.0', major: '2.0.0' });
    const dup = await call(t.app, owner, 'POST', `${base()}/releases`, { semver: '1.0.0' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('version_taken');
    const resolved = WidgetResolve.parse((await resolve()).json());
    expect(resolved.release).toEqual({ id: r.id, semver: '1.0.0' });
    expect(resolved.greeting).toBe('Hello v1');
    expect(resolved.theme.color).toBe('#112233');
  });

  it('keeps exactly one active release and records each publish with the previous one', async () => {
    const before = ReleaseList.parse((await call(t.app, owner, 'GET', `${base()}/releases`)).json());
    const previous = before.releases.find((r) => r.active);
    const next = await draft({ semver: '1.1.0', config: { greeting: 'Hello v1.1' } });
    expect(next.config.greeting).toBe('Hello v1.1');
    await publish(next.id);
    const after = ReleaseList.parse((await call(t.app, owner, 'GET', `${base()}/releases`)).json());
    expect(after.releases.filter((r) => r.active).map((r) => r.id)).toEqual([next.id]);
    const timeline = Deployments.parse((await call(t.app, owner, 'GET', `${base()}/deployments`)).json());
    expect(timeline[0]).toMatchObject({ kind: 'publish', releaseId: next.id, previousReleaseId: previous?.id, actor: { kind: 'user', userId: owner.userId } });
  });

  it('rolls back in one call with a reason: resolve changes at once and the timeline says who, when and from what', async () => {
    const current = WidgetResolve.parse((await resolve()).json());
    expect(current.release?.semver).toBe('1.1.0');
    const noReason = await call(t.app, owner, 'POST', `${base()}/rollback`, {});
    expect(noReason.statusCode).toBe(400);
    const res = await call(t.app, owner, 'POST', `${base()}/rollback`, { reason: 'greeting broke checkout' });
    expect(res.statusCode, res.body).toBe(200);
    expect(Release.parse(res.json())).toMatchObject({ semver: '1.0.0', active: true });
    const after = WidgetResolve.parse((await resolve(current.visitorToken)).json());
    expect(after.release?.semver).toBe('1.0.0');
    expect(after.greeting).toBe('Hello v1');
    const [latest] = Deployments.parse((await call(t.app, owner, 'GET', `${base()}/deployments`)).json());
    expect(latest).toMatchObject({ kind: 'rollback', reason: 'greeting broke checkout', releaseId: after.release?.id, previousReleaseId: current.release?.id, actor: { kind: 'user', userId: owner.userId } });
    expect(Math.abs(Date.parse(latest?.at ?? '') - Date.now())).toBeLessThan(60_000);
    // Forward again to 1.1.0, by id.
    const forward = await call(t.app, owner, 'POST', `${base()}/rollback`, { releaseId: current.release?.id, reason: 'fixed upstream' });
    expect(forward.json().semver).toBe('1.1.0');
  });

  it('lets exactly one of two concurrent publishes of a draft win, and keeps one active release', async () => {
    const a = await draft({ semver: '1.2.0' });
    const b = await draft({ semver: '1.3.0' });
    const [first, second] = await Promise.all([a.id, a.id].map((id) => call(t.app, owner, 'POST', `${base()}/releases/${id}/publish`)));
    expect([first?.statusCode, second?.statusCode].sort()).toEqual([200, 409]);
    const both = await Promise.all([a.id, b.id].map((id) => call(t.app, owner, 'POST', `${base()}/releases/${id}/publish`)));
    expect(both.map((r) => r.statusCode)).toEqual([409, 200]);
    const list = ReleaseList.parse((await call(t.app, owner, 'GET', `${base()}/releases`)).json());
    expect(list.releases.filter((r) => r.active)).toHaveLength(1);
    await call(t.app, owner, 'POST', `${base()}/rollback`, { releaseId: list.releases.find((r) => r.semver === '1.1.0')?.id, reason: 'back to 1.1.0' });
  });

  it('answers 304 to a matching If-None-Match, with private, no-cache', async () => {
    const first = await resolve();
    const vt = WidgetResolve.parse(first.json()).visitorToken;
    const again = await resolve(vt);
    const etag = String(again.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    expect(again.headers['cache-control']).toBe('private, no-cache');
    const cached = await resolve(vt, { 'if-none-match': etag });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
    const stale = await resolve(vt, { 'if-none-match': '"nope"' });
    expect(stale.statusCode).toBe(200);
  });

  it('archives published releases beyond the last 5, never the active one; an archived one copies into a draft and can be rolled back to', async () => {
    const ids: string[] = [];
    for (const v of ['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0']) ids.push((await publish((await draft({ semver: v })).id)).id);
    const list = ReleaseList.parse((await call(t.app, owner, 'GET', `${base()}/releases`)).json());
    const status = Object.fromEntries(list.releases.map((r) => [r.semver, r.status]));
    expect(status).toMatchObject({ '1.0.0': 'archived', '1.1.0': 'archived', '2.0.0': 'published', '2.4.0': 'published' });
    expect(list.releases.filter((r) => r.status === 'published')).toHaveLength(5);
    const timeline = Deployments.parse((await call(t.app, owner, 'GET', `${base()}/deployments`)).json());
    const archives = timeline.filter((d) => d.kind === 'archive');
    expect(archives).toHaveLength(4);
    for (const d of archives) expect(d.actor).toEqual({ kind: 'system' });
    expect(status).toMatchObject({ '1.2.0': 'archived', '1.3.0': 'archived' });

    const archived = list.releases.find((r) => r.semver === '1.0.0');
    const copy = await call(t.app, owner, 'POST', `${base()}/releases/${archived?.id}/copy`);
    expect(copy.statusCode, copy.body).toBe(201);
    expect(Release.parse(copy.json())).toMatchObject({ status: 'draft', semver: '2.4.1', config: { greeting: 'Hello v1' } });
    const publishArchived = await call(t.app, owner, 'POST', `${base()}/releases/${archived?.id}/publish`);
    expect(publishArchived.statusCode).toBe(409);

    const back = await call(t.app, owner, 'POST', `${base()}/rollback`, { releaseId: archived?.id, reason: 'back to basics' });
    expect(back.json()).toMatchObject({ semver: '1.0.0', status: 'published', active: true });
    expect(WidgetResolve.parse((await resolve()).json()).release?.semver).toBe('1.0.0');
    await call(t.app, owner, 'POST', `${base()}/rollback`, { releaseId: ids.at(-1), reason: 'forward' });
  });

  it('serves a draft through a signed preview link only to its holder and only for its bot', async () => {
    const d = await draft({ semver: '9.0.0', config: { greeting: 'Secret draft' } });
    const link = PreviewLink.parse((await call(t.app, owner, 'POST', `${base()}/releases/${d.id}/preview`)).json());
    expect(link.url).toContain(link.token);
    const shown = await resolve(undefined, {}, `&preview=${encodeURIComponent(link.token)}`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(WidgetResolve.parse(shown.json())).toMatchObject({ release: { id: d.id }, greeting: 'Secret draft' });
    expect(WidgetResolve.parse((await resolve()).json()).greeting).not.toBe('Secret draft');
    const forged = await resolve(undefined, {}, `&preview=${encodeURIComponent(link.token.slice(0, -2))}xx`);
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['content-type']).toContain('application/problem+json');
    const otherBot = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Other' })).json().id;
    const elsewhere = await t.app.inject({ method: 'GET', url: `/widget/v1/bots/${otherBot}/resolve?preview=${encodeURIComponent(link.token)}` });
    expect(elsewhere.statusCode).toBe(403);
    t.advance(25 * 3_600_000);
    try {
      expect((await resolve(undefined, {}, `&preview=${encodeURIComponent(link.token)}`)).statusCode).toBe(403);
    } finally {
      t.advance(-25 * 3_600_000);
    }
  });

  it('serves a running canary to the visitors whose bucket is in it (0% nobody, 100% everyone, 25% stays at 50%)', async () => {
    const stableId = WidgetResolve.parse((await resolve()).json()).release?.id ?? '';
    const candidate = await publishLessDraft('3.0.0');
    const [row] = await t.database.db
      .insert(rollouts)
      .values({ orgId: owner.orgId ?? '', botId, candidateReleaseId: candidate, baselineReleaseId: stableId, salt: 'salt-1', steps: [25, 50, 100], percent: 0, policy: {} })
      .returning();
    // Direct writes bypass the event bus: each step waits out the cache's 5 s backstop.
    const visitors: { vt: string; id: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const r = WidgetResolve.parse((await resolve()).json());
      visitors.push({ vt: r.visitorToken, id: r.visitorId });
    }
    const served = async () => Promise.all(visitors.map(async (v) => WidgetResolve.parse((await resolve(v.vt)).json()).release?.id));
    t.advance(6_000);
    expect(new Set(await served())).toEqual(new Set([stableId]));
    await t.database.db.update(rollouts).set({ percent: 25 }).where(eqId(row?.id ?? ''));
    t.advance(6_000);
    const at25 = await served();
    visitors.forEach((v, i) => expect(at25[i]).toBe(inCanary(bucket(botId, v.id, 'salt-1'), 25) ? candidate : stableId));
    expect(new Set(at25)).toEqual(new Set([stableId, candidate]));
    await t.database.db.update(rollouts).set({ percent: 50 }).where(eqId(row?.id ?? ''));
    t.advance(6_000);
    const at50 = await served();
    at25.forEach((id, i) => {
      if (id === candidate) expect(at50[i]).toBe(candidate);
    });
    await t.database.db.update(rollouts).set({ percent: 100 }).where(eqId(row?.id ?? ''));
    t.advance(6_000);
    expect(new Set(await served())).toEqual(new Set([candidate]));
    await t.database.db.update(rollouts).set({ state: 'aborted' }).where(eqId(row?.id ?? ''));
    t.advance(6_000);
    expect(new Set(await served())).toEqual(new Set([stableId]));
  });

  it('ends a live canary with a rollback: everyone gets the rolled-back release', async () => {
    const stable = await draft({ semver: '7.0.0' });
    await publish(stable.id);
    const candidate = await draft({ semver: '7.1.0' });
    const started = await call(t.app, owner, 'POST', `${base()}/rollouts`, { releaseId: candidate.id, policy: { steps: [100] } });
    expect(started.statusCode, started.body).toBe(201);
    const res = await call(t.app, owner, 'POST', `${base()}/rollback`, { releaseId: stable.id, reason: 'stop everything' });
    expect(res.statusCode, res.body).toBe(200);
    const [rollout] = (await call(t.app, owner, 'GET', `${base()}/rollouts`)).json();
    expect(rollout.state).toBe('aborted');
    const kinds = Deployments.parse((await call(t.app, owner, 'GET', `${base()}/deployments`)).json()).map((d) => d.kind);
    expect(kinds).toContain('canary_abort');
    for (let i = 0; i < 20; i++) expect(WidgetResolve.parse((await resolve()).json()).release?.semver).toBe('7.0.0');
  });

  it('lets viewers read and nothing else; other organizations get 404', async () => {
    const viewer = await createMember(t, owner, 'viewer');
    expect((await call(t.app, viewer, 'GET', `${base()}/releases`)).statusCode).toBe(200);
    expect((await call(t.app, viewer, 'GET', `${base()}/deployments`)).statusCode).toBe(200);
    const writes = [
      ['POST', `${base()}/releases`, {}],
      ['POST', `${base()}/rollback`, { reason: 'x' }],
    ] as const;
    for (const [method, url, body] of writes) expect((await call(t.app, viewer, method, url, body)).statusCode).toBe(403);
    const agent = await createMember(t, owner, 'agent');
    expect((await call(t.app, agent, 'POST', `${base()}/releases`, {})).statusCode).toBe(403);
    const stranger = await createOwner(t, 'stranger');
    expect((await call(t.app, stranger, 'GET', `${base()}/releases`)).statusCode).toBe(404);
    expect((await call(t.app, stranger, 'POST', `${base()}/rollback`, { reason: 'x' })).statusCode).toBe(404);
    expect((await call(t.app, anonymous, 'GET', `${base()}/releases`)).statusCode).toBe(401);
  });

  it('refuses bad input with 4xx problem+json', async () => {
    for (const body of [
      { semver: '1.0' },
      { semver: '01.0.0' },
      { semver: 'v1.0.0' },
      { config: { colour: 'red' } },
      { config: { theme: { color: 'red' } } },
      { config: { greeting: 'x'.repeat(501) } },
      { changelog: 'x'.repeat(5001) },
      { config: { features: { teleport: true } } },
      { fromReleaseId: 'nope' },
    ]) {
      const res = await call(t.app, owner, 'POST', `${base()}/releases`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await call(t.app, owner, 'POST', `${base()}/releases`, { fromReleaseId: botId })).statusCode).toBe(404);
    expect((await call(t.app, owner, 'GET', `${base()}/releases/not-a-uuid`)).statusCode).toBe(400);
    expect((await call(t.app, owner, 'GET', `${base()}/deployments?limit=0`)).statusCode).toBe(400);
    expect((await resolve(undefined, {}, `&preview=${'x'.repeat(600)}`)).statusCode).toBe(400);
  });

  async function publishLessDraft(semver: string): Promise<string> {
    // A published release that is not active: publish, then roll back to the one before.
    const before = WidgetResolve.parse((await resolve()).json()).release?.id;
    const r = await publish((await draft({ semver })).id);
    await call(t.app, owner, 'POST', `${base()}/rollback`, { releaseId: before, reason: 'candidate waits for its canary' });
    return r.id;
  }
});

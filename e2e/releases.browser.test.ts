import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deployment, Release, ReleaseList, ReleaseStats, Rollout, WidgetResolve } from '@parley/contracts';
import type { DemoShop } from '../apps/server/src/features/demo/demo-shop.js';
import type { RunningParley } from '../apps/server/src/test/start-parley.js';
import { launchChromium } from './chromium.js';
import { startShopBot, type Api } from './shop-bot.js';

/**
 * Release safety in real Chromium on a shop page of another origin: visitors load the
 * widget, their widgets report loads and errors, and the judge (running every second by
 * itself) rolls a crashing canary back and promotes a healthy one.
 */
describe('canary releases judged on real widget loads (Chromium)', () => {
  let parley: RunningParley;
  let shop: DemoShop;
  let browser: Browser;
  let botId = '';
  let api: Api;
  const pageErrors: string[] = [];

  const release = (semver: string, features: Record<string, boolean> = {}) =>
    api('POST', `/bots/${botId}/releases`, (x) => Release.parse(x), { semver, config: { greeting: `Hello from v${semver}`, features } });
  const rollout = () => api('GET', `/bots/${botId}/rollouts`, (x) => Rollout.array().parse(x));
  /** Widget loads counted so far over all releases of the bot. */
  const totalLoads = async (): Promise<number> => {
    const stats = await api('GET', `/bots/${botId}/release-stats`, (x) => ReleaseStats.parse(x));
    return stats.releases.reduce((sum, r) => sum + r.loads, 0);
  };
  const loadsOf = async (releaseId: string) => {
    const stats = await api('GET', `/bots/${botId}/release-stats`, (x) => ReleaseStats.parse(x));
    return stats.releases.find((r) => r.releaseId === releaseId) ?? { loads: 0, errors: 0 };
  };

  /** One new visitor (fresh storage) opens the shop, opens the chat, sees a greeting, leaves. */
  async function visit(): Promise<string> {
    const loadsBefore = await totalLoads();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(15_000);
    try {
      const page = await context.newPage();
      const log: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
      page.on('requestfailed', (r) => log.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText ?? ''}`));
      page.on('response', (r) => {
        const line = `${r.status()} ${r.request().method()} ${r.url()} ${r.request().postData() ?? ''}`;
        if (r.url().includes('/resolve')) void r.text().then((t) => log.push(`${line} → ${t}`), () => log.push(line));
        else log.push(line);
      });
      await page.goto(shop.url);
      await page.locator('button[aria-expanded="false"]').click();
      const greeting = page.frameLocator('iframe[src*="/widget/v1/frame/"]').getByText(/^Hello from v/).first();
      try {
        await greeting.waitFor();
      } catch (err) {
        const frameText = await page.frameLocator('iframe[src*="/widget/v1/frame/"]').locator('html').innerHTML({ timeout: 2_000 }).catch((e: unknown) => `(no frame body: ${String(e)})`);
        // What the visitor saw and what went over the wire, to tell a slow load from a widget bug.
        console.error(`no greeting; frame shows: ${frameText}\n${log.join('\n')}`);
        throw err;
      }
      const text = (await greeting.textContent()) ?? '';
      // Leaving the page flushes the widget's beacons (sendBeacon on pagehide). The next visitor comes once
      // this load is counted: closing the browser context at once could drop the beacon in flight, and the
      // judge decides on counted loads only.
      await page.close({ runBeforeUnload: true });
      await expect.poll(totalLoads, { timeout: 10_000, interval: 100 }).toBeGreaterThan(loadsBefore);
      return text;
    } finally {
      await context.close();
    }
  }

  beforeAll(async () => {
    const setup = await startShopBot({ env: { JUDGE_INTERVAL_SECONDS: '1' }, bot: { name: 'Release bot' }, key: { name: 'release manager', role: 'admin' } });
    ({ parley, api } = setup);
    botId = setup.bot.id;
    shop = await setup.startShop();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await parley?.close();
  });

  it('rolls a crashing canary back by itself, with the reason recorded, and then serves nobody the bad release', async () => {
    const v100 = await release('1.0.0');
    await api('POST', `/bots/${botId}/releases/${v100.id}/publish`, (x) => x, {});
    expect(await visit()).toBe('Hello from v1.0.0');

    const v110 = await release('1.1.0', { simulateCrash: true });
    await api('POST', `/bots/${botId}/rollouts`, (x) => x, {
      releaseId: v110.id,
      policy: { steps: [50, 100], minStepDurationMinutes: 0, minSamplePerStep: 3 },
    });
    // Page loads until the judge has seen enough of the canary to act (it holds before that).
    const seen = new Set<string>();
    for (let i = 0; i < 30 && (await rollout()).some((r) => r.state === 'running'); i++) seen.add(await visit());
    expect(seen).toContain('Hello from v1.1.0');
    const [judged] = await rollout();
    expect(judged?.state).toBe('rolled_back');
    const canary = await loadsOf(v110.id);
    expect(canary.loads).toBeGreaterThanOrEqual(3);
    expect(canary.errors).toBeGreaterThanOrEqual(3);

    const timeline = await api('GET', `/bots/${botId}/deployments`, (x) => Deployment.array().parse(x));
    const rollback = timeline.find((d) => d.kind === 'rollback');
    expect(rollback?.actor).toEqual({ kind: 'judge' });
    expect(rollback?.reason).toMatch(/error rate/);
    expect(rollback?.metrics).toBeTruthy();

    // After that, no visitor gets v1.1.0: not a new one, and not one who had it.
    for (let i = 0; i < 40; i++) {
      const r = WidgetResolve.parse(await (await fetch(`${parley.url}/widget/v1/bots/${botId}/resolve`, { headers: { origin: new URL(shop.url).origin } })).json());
      expect(r.release?.semver).toBe('1.0.0');
    }
    for (let i = 0; i < 3; i++) expect(await visit()).toBe('Hello from v1.0.0');
  });

  it('promotes a healthy canary step by step to 100%, where it becomes the active release', async () => {
    const v120 = await release('1.2.0');
    await api('POST', `/bots/${botId}/rollouts`, (x) => x, {
      releaseId: v120.id,
      policy: { steps: [50, 100], minStepDurationMinutes: 0, minSamplePerStep: 3 },
    });
    const percents = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const live = (await rollout()).find((r) => r.state === 'running' || r.state === 'paused');
      if (!live) break;
      percents.add(live.percent);
      await visit();
    }
    const [done] = (await rollout()).filter((r) => r.candidateReleaseId === v120.id);
    expect(done?.state).toBe('completed');
    expect([...percents].sort((a, b) => a - b)).toEqual([50, 100]);
    const { releases } = await api('GET', `/bots/${botId}/releases`, (x) => ReleaseList.parse(x));
    const active = releases.find((r) => r.active);
    expect(active?.semver).toBe('1.2.0');
    expect(await visit()).toBe('Hello from v1.2.0');
    // Only the crashing release's own simulated errors were thrown on the pages.
    expect(pageErrors.filter((m) => !m.includes('Simulated crash'))).toEqual([]);
  });

  it("counts the page view and the conversion of a visitor who never touches the chat under the release it was served (the widget never loads)", async () => {
    const active = (await api('GET', `/bots/${botId}/releases`, (x) => ReleaseList.parse(x))).releases.find((r) => r.active);
    const statsOf = async () =>
      (await api('GET', `/bots/${botId}/release-stats?goal=add_to_cart`, (x) => ReleaseStats.parse(x))).releases.find((r) => r.releaseId === active?.id);
    const before = await statsOf();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(shop.url);
      await page.locator('button[aria-expanded="false"]').waitFor();
      // The shop's "Add to cart" calls Parley('track', 'add_to_cart', …); the launcher is never hovered.
      await page.getByRole('button', { name: 'Add to cart' }).first().click();
      await expect.poll(async () => (await statsOf())?.conversions ?? 0, { timeout: 10_000, interval: 100 }).toBe((before?.conversions ?? 0) + 1);
      expect(await page.locator('iframe').count()).toBe(0);
      // The page view of the release counts (the launcher was shown); no widget load does.
      expect(await statsOf()).toMatchObject({ views: (before?.views ?? 0) + 1, loads: before?.loads });
    } finally {
      await context.close();
    }
  });

  it('a release published while a visitor chats reaches their page live: the panel, the launcher (colour, text, side) and its page events follow', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(15_000);
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(shop.url);
      await page.locator('button[aria-expanded="false"]').click();
      const frame = page.frameLocator('iframe[src*="/widget/v1/frame/"]');
      await frame.getByText('Hello from v1.2.0').first().waitFor();

      const v130 = await api('POST', `/bots/${botId}/releases`, (x) => Release.parse(x), {
        semver: '1.3.0',
        config: { greeting: 'Hello from v1.3.0', theme: { color: '#ffe14d', position: 'left', launcherText: 'Ask v1.3' } },
      });
      await api('POST', `/bots/${botId}/releases/${v130.id}/publish`, (x) => x, {});
      // No reload: the frame hears release.changed, fetches its resolve again and hands it to the loader.
      await frame.getByText('Hello from v1.3.0').first().waitFor();
      const launcher = page.getByRole('button', { name: 'Ask v1.3', exact: true });
      await launcher.waitFor();
      expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 225, 77)');
      expect((await launcher.boundingBox())?.x).toBe(20);
      expect((await page.locator('iframe').boundingBox())?.x).toBe(20);
      expect(await launcher.getAttribute('aria-expanded')).toBe('true');

      const conversions = async () =>
        (await api('GET', `/bots/${botId}/release-stats?goal=add_to_cart`, (x) => ReleaseStats.parse(x))).releases.find((r) => r.releaseId === v130.id)?.conversions ?? 0;
      // The redrawn launcher still toggles; closed, the panel no longer covers the shop's left column.
      await launcher.click();
      await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('false');
      await page.getByRole('button', { name: 'Add to cart' }).first().click();
      await expect.poll(conversions, { timeout: 10_000, interval: 100 }).toBe(1);
    } finally {
      await context.close();
    }
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot, Deployment, Experiment, WidgetResolve } from '@parley/contracts';
import { signInOverHttp } from '../apps/server/src/test/parley-process.js';
import { startParley, type RunningParley } from '../apps/server/src/test/start-parley.js';
import { launchChromium } from './chromium.js';
import { signInToDashboard } from './sign-in-to-dashboard.js';

/** The releases page in real Chromium: drafts, publish, one-click rollback, the timeline, canary and experiment. */
describe('widget releases in the dashboard (Chromium)', () => {
  let parley: RunningParley;
  let browser: Browser;
  let page: Page;
  let botId = '';
  let headers: Record<string, string> = {};
  const pageErrors: string[] = [];

  const resolve = async () =>
    WidgetResolve.parse(await (await fetch(`${parley.url}/widget/v1/bots/${botId}/resolve`)).json());

  async function newRelease(semver: string, greeting: string): Promise<void> {
    await page.getByRole('button', { name: 'New draft' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Other version').check();
    await dialog.getByLabel('Version number').fill(semver);
    await dialog.getByRole('button', { name: 'Create draft' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The new draft opens in the editor.
    const editor = page.getByRole('form', { name: `Config of v${semver}` });
    await editor.getByLabel('Greeting').fill(greeting);
    await editor.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Publish', exact: true }).first().isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Publish', exact: true }).first().click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => page.getByTestId('active-release').textContent()).toContain(`v${semver}`);
  }

  beforeAll(async () => {
    parley = await startParley();
    headers = await signInOverHttp(parley.url, parley.owner.email, parley.owner.password);
    botId = Bot.parse(await (await fetch(`${parley.url}/api/v1/bots`, { method: 'POST', headers, body: JSON.stringify({ name: 'Shop helper' }) })).json()).id;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInToDashboard(page, parley);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await parley?.close();
  });

  it('publishes two releases and rolls back to the first in one click, with the reason on the timeline', async () => {
    await page.goto(`${parley.url}/app/bots/${botId}`);
    await page.getByRole('link', { name: 'Widget releases' }).click();
    await page.getByRole('heading', { name: 'Widget releases' }).waitFor();

    await newRelease('1.0.0', 'Hello from the first release');
    expect((await resolve()).greeting).toBe('Hello from the first release');
    await newRelease('1.1.0', 'Hello from the second release');
    expect((await resolve()).release?.semver).toBe('1.1.0');

    await page.getByRole('button', { name: 'Rollback' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByLabel('Reason (required)').fill('The new greeting confused shoppers');
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await expect.poll(() => page.getByTestId('active-release').textContent()).toContain('v1.0.0');
    expect((await resolve()).greeting).toBe('Hello from the first release');

    // The timeline names the rollback, who did it and why.
    await page.getByText('The new greeting confused shoppers').first().waitFor();
    const timeline = Deployment.array().parse(await (await fetch(`${parley.url}/api/v1/bots/${botId}/deployments`, { headers })).json());
    expect(timeline.map((d) => d.kind)).toEqual(['rollback', 'publish', 'publish']);
    expect(timeline[0]?.actor).toMatchObject({ kind: 'user', name: 'Olivia Owner' });
    expect(pageErrors).toEqual([]);
  });

  it('runs one canary or one experiment at a time, and stops an experiment without shipping an arm', async () => {
    // Continues from the test above: v1.0.0 is active, v1.1.0 is published.
    const canary = page.getByRole('region', { name: 'Canary rollout' });
    const experiments = page.getByRole('region', { name: 'A/B experiments' });
    await experiments.getByLabel('Experiment name').fill('Greeting test');
    await experiments.getByLabel('Arm 1 release').selectOption({ label: 'v1.0.0 (published, active)' });
    await experiments.getByLabel('Arm 2 release').selectOption({ label: 'v1.1.0 (published)' });
    await experiments.getByLabel('Event name').fill('purchase');
    await experiments.getByRole('button', { name: 'Start experiment' }).click();
    await experiments.getByText('Running', { exact: true }).waitFor();
    // While it runs, the canary form is not offered (the API would refuse it with 409).
    await canary.getByText('An A/B experiment is running: stop it before starting a canary.').waitFor();
    expect(await canary.getByRole('button', { name: 'Start canary' }).count()).toBe(0);

    // Stopping ships nothing unless a winner is chosen.
    expect(await experiments.getByLabel('Winner to ship').inputValue()).toBe('');
    await experiments.getByRole('button', { name: 'Stop experiment' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Every visitor gets v1.0.0 again; no arm is shipped.').waitFor();
    await confirm.getByRole('button', { name: 'Stop experiment' }).click();
    await experiments.getByText('Stopped', { exact: true }).waitFor();
    const [stopped] = Experiment.array().parse(await (await fetch(`${parley.url}/api/v1/bots/${botId}/experiments`, { headers })).json());
    expect(stopped).toMatchObject({ state: 'stopped', winnerReleaseId: null });
    expect((await resolve()).release?.semver).toBe('1.0.0');

    // A live canary holds the experiment form back in turn.
    await canary.getByRole('button', { name: 'Start canary' }).click();
    await canary.getByTestId('rollout').waitFor();
    await experiments.getByText('A canary rollout is live: let it finish or abort it before starting an experiment.').waitFor();
    expect(await experiments.getByRole('button', { name: 'Start experiment' }).count()).toBe(0);
    await canary.getByRole('button', { name: 'Abort' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Abort canary' }).click();
    await experiments.getByRole('button', { name: 'Start experiment' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('asks before unsaved edits of a draft are discarded', async () => {
    await page.getByRole('button', { name: 'New draft' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Other version').check();
    await dialog.getByLabel('Version number').fill('1.2.0');
    await dialog.getByRole('button', { name: 'Create draft' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const editor = page.getByRole('form', { name: 'Config of v1.2.0' });
    await editor.getByLabel('Greeting').fill('An unsaved greeting');
    await page.getByRole('button', { name: 'Close editor' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Discard your changes to v1.2.0?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await editor.getByLabel('Greeting').inputValue()).toBe('An unsaved greeting');
    await page.getByRole('button', { name: 'Close editor' }).click();
    await confirm.getByRole('button', { name: 'Discard changes' }).click();
    await editor.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });
});

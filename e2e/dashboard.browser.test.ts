import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Me, Problem } from '@parley/contracts';
import { startParley } from '../apps/server/src/test/start-parley.js';
import { launchChromium } from './chromium.js';
import { revealAndRotate } from './secret-section.js';

/**
 * The dashboard, end to end: a real Parley server (fresh PGlite database, built
 * dashboard at /app/) driven through Debian Chromium. Steps run in order and share
 * the owner's browser context.
 *
 * Set PARLEY_E2E_SCREENSHOTS=/some/dir to keep a PNG of each step.
 */

type Parley = Awaited<ReturnType<typeof startParley>>;

const screenshotDir = process.env.PARLEY_E2E_SCREENSHOTS;
const stamp = Date.now().toString(36);
const botName = `Shop helper ${stamp}`;
const origin = 'https://shop.example.com';
const teammate = { email: `agent-${stamp}@example.test`, name: 'Avery Agent', password: 'agent password 123' };

describe('dashboard (Chromium)', () => {
  let parley: Parley | undefined;
  let browser: Browser | undefined;
  let ownerContext: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let botId = '';

  function server(): Parley {
    if (!parley) throw new Error('Parley did not start');
    return parley;
  }

  async function newContext(): Promise<BrowserContext> {
    if (!browser) throw new Error('Chromium did not start');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server().url });
    context.setDefaultTimeout(15_000);
    context.on('page', (p) => {
      p.on('pageerror', (error) => pageErrors.push(`${p.url()}: ${error.message}`));
    });
    return context;
  }

  async function screenshot(target: Page, name: string): Promise<void> {
    if (!screenshotDir) return;
    mkdirSync(screenshotDir, { recursive: true });
    await target.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }

  async function clipboardText(target: Page): Promise<string> {
    return target.evaluate(() => navigator.clipboard.readText());
  }

  beforeAll(async () => {
    browser = await launchChromium();
    parley = await startParley();
    ownerContext = await newContext();
    page = await ownerContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.close();
  });

  it('shows the API error for a wrong password; the form works from the keyboard', async () => {
    const { url, owner } = server();
    await page.goto(`${url}/app/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/login');

    // Tab reaches the email field (it is the first control on the page).
    const email = page.getByLabel('Email');
    for (let i = 0; i < 3 && !(await email.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    expect(await email.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(owner.email);
    await page.keyboard.press('Tab');
    expect(await page.getByLabel('Password').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(`${owner.password}-wrong`);

    // Enter submits the form; the problem+json `detail` is shown.
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
      page.keyboard.press('Enter'),
    ]);
    expect(response.status()).toBe(401);
    const problem = Problem.parse(await response.json());
    expect(problem.code).toBe('invalid_credentials');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(problem.detail);
    await screenshot(page, '01-sign-in-error');
  });

  it('signs in and shows the organization', async () => {
    const { owner } = server();
    await page.getByLabel('Password').fill(owner.password);
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('heading', { name: 'Bots', level: 1 }).waitFor();

    const meJson: unknown = await page.evaluate(async (): Promise<unknown> => (await fetch('/api/v1/me')).json());
    const me = Me.parse(meJson);
    const org = me.organizations[0];
    if (!org) throw new Error('the seeded owner has no organization');
    expect(org.role).toBe('owner');
    const switcher = page.getByLabel('Organization', { exact: true });
    expect(await switcher.inputValue()).toBe(org.id);
    expect(await switcher.locator('option:checked').textContent()).toBe(org.name);
    await screenshot(page, '02-bots');
  });

  it('creates a bot with an allowed origin and shows its install snippet', async () => {
    await page.getByLabel('Bot name').fill(botName);
    await page.getByLabel('Allowed origins').fill(origin);
    await page.getByRole('button', { name: 'Create bot' }).click();

    await page.getByRole('link', { name: botName }).click();
    const snippetField = page.getByLabel('Install snippet');
    await snippetField.waitFor();
    const match = /\/app\/bots\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname);
    botId = match?.[1] ?? '';
    expect(botId).not.toBe('');

    const snippet = await snippetField.inputValue();
    expect(snippet).toMatch(/^<script src="[^"]+\/widget\/v1\/loader\.js" data-bot-id="[^"]+" async><\/script>$/);
    expect(snippet).toBe(`<script src="${server().url}/widget/v1/loader.js" data-bot-id="${botId}" async></script>`);
    expect(await page.getByLabel('Allowed origins').inputValue()).toBe(origin);

    await page.getByRole('button', { name: 'Copy snippet' }).click();
    await page.getByText('Copied to clipboard').waitFor();
    expect(await clipboardText(page)).toBe(snippet);
    await screenshot(page, '03-bot-settings');
  });

  it('saves the premium setting, which survives a reload', async () => {
    const premium = page.getByRole('checkbox', { name: 'Premium' });
    expect(await premium.isChecked()).toBe(false);
    await premium.check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/bots/${botId}`) && r.request().method() === 'PATCH'),
      page.getByRole('button', { name: 'Save changes' }).click(),
    ]);
    expect(response.status()).toBe(200);
    await page.getByText('Settings saved').waitFor();

    await page.reload();
    await page.getByLabel('Install snippet').waitFor();
    expect(await page.getByRole('checkbox', { name: 'Premium' }).isChecked()).toBe(true);
  });

  it('reveals the identity secret and rotates it after a confirmation', async () => {
    const { section, field, before, after } = await revealAndRotate(page, {
      region: 'Identity verification',
      field: 'Identity secret',
      reveal: 'Reveal secret',
      rotate: 'Rotate secret',
      confirm: 'Rotate the identity secret?',
      rotated: 'Identity secret rotated',
    });
    expect(before.length).toBeGreaterThanOrEqual(32);
    // The server has the new one.
    const stored: unknown = await page.evaluate(async (id) => (await fetch(`/api/v1/bots/${id}/identity-secret`)).json(), botId);
    expect(stored).toEqual({ identitySecret: after });
    await section.getByRole('button', { name: 'Hide secret' }).click();
    await field.waitFor({ state: 'detached' });
  });

  it('invites a teammate as agent, who joins through the link and cannot manage bots', async () => {
    const { url } = server();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { name: 'Invitations' }).waitFor();
    await page.getByLabel('Email').fill(teammate.email);
    await page.getByLabel('Role', { exact: true }).selectOption('agent');
    await page.getByRole('button', { name: 'Invite' }).click();

    const linkField = page.getByRole('textbox', { name: 'Invitation link' });
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link.startsWith(`${url}/app/invite/`)).toBe(true);
    expect(link).toMatch(/\/app\/invite\/[A-Za-z0-9_-]{40,}$/);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Copied to clipboard').waitFor();
    expect(await clipboardText(page)).toBe(link);
    await page.getByRole('cell', { name: teammate.email, exact: true }).waitFor();
    await screenshot(page, '04-team');

    const agentContext = await newContext();
    try {
      const agent = await agentContext.newPage();
      await agent.goto(link);
      await agent.getByRole('heading', { name: 'Accept invitation' }).waitFor();
      await agent.getByText(teammate.email).first().waitFor();
      await agent.getByLabel('Your name').fill(teammate.name);
      await agent.getByLabel('Choose a password').fill(teammate.password);
      await agent.getByRole('button', { name: 'Accept invitation' }).click();

      await agent.getByRole('heading', { name: 'Bots', level: 1 }).waitFor();
      await agent.getByRole('link', { name: botName }).waitFor();
      expect(await agent.getByRole('banner').textContent()).toContain('agent');
      expect(await agent.getByRole('button', { name: 'Create bot' }).count()).toBe(0);
      expect(await agent.getByLabel('Bot name').count()).toBe(0);

      // Bot settings are read-only for an agent.
      await agent.getByRole('link', { name: botName }).click();
      await agent.getByLabel('Install snippet').waitFor();
      expect(await agent.getByRole('checkbox', { name: 'Premium' }).isDisabled()).toBe(true);
      expect(await agent.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
      expect(await agent.getByRole('button', { name: 'Delete bot' }).count()).toBe(0);
      await screenshot(agent, '05-agent-bot');
    } finally {
      await agentContext.close();
    }
  });

  it('creates an API key and shows it only once', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create API key' }).click();

    const keyField = page.getByRole('textbox', { name: 'New API key' });
    await keyField.waitFor();
    const key = await keyField.inputValue();
    expect(key.length).toBeGreaterThan(16);
    await page.getByText(/shown only once/).waitFor();
    await page.getByRole('cell', { name: 'CRM sync', exact: true }).waitFor();
    await screenshot(page, '06-api-key');

    await page.getByRole('button', { name: 'Done' }).click();
    expect(await keyField.count()).toBe(0);
    await page.reload();
    await page.getByRole('cell', { name: 'CRM sync', exact: true }).waitFor();
    expect(await page.content()).not.toContain(key);
  });

  it('signs out and lands on the sign-in page', async () => {
    const { url } = server();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/login');

    // The session is gone on the server too.
    await page.goto(`${url}/app/bots`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/login');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

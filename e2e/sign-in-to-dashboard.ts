import type { Locator, Page } from 'playwright-core';
import type { RunningParley } from '../apps/server/src/test/start-parley.js';

/** Signs the owner in on the dashboard's login page; answers the main navigation, once it shows. */
export async function signInToDashboard(page: Page, parley: RunningParley): Promise<Locator> {
  await page.goto(`${parley.url}/app/`);
  await page.getByLabel('Email').fill(parley.owner.email);
  await page.getByLabel('Password').fill(parley.owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.waitFor();
  return nav;
}

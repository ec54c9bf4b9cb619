import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface SecretSectionNames {
  /** The section's heading. */
  region: string;
  /** The revealed secret's field label. */
  field: string;
  reveal: string;
  rotate: string;
  /** The confirmation dialog's title. */
  confirm: string;
  /** The notice shown once the new secret is in place. */
  rotated: string;
}

/**
 * A dashboard secret section (SecretSection): reveals the secret, rotates it through the confirmation
 * dialog and waits until the field shows a different one. Returns the field and both secrets.
 */
export async function revealAndRotate(page: Page, names: SecretSectionNames): Promise<{ section: Locator; field: Locator; before: string; after: string }> {
  const section = page.getByRole('region', { name: names.region });
  await section.getByRole('button', { name: names.reveal }).click();
  const field = section.getByLabel(names.field);
  const before = await field.inputValue();
  await section.getByRole('button', { name: names.rotate }).click();
  await page.getByRole('alertdialog', { name: names.confirm }).getByRole('button', { name: 'Rotate secret' }).click();
  await page.getByText(names.rotated).waitFor();
  await expect.poll(() => field.inputValue()).not.toBe(before);
  return { section, field, before, after: await field.inputValue() };
}

// Headless Chromium for the portal's browser tests: Debian's chromium (scripts/install-browser.sh) driven by
// playwright-core. Without it the tests are skipped, and the title says why.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import type { Browser, Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

/** `test`, or a visible skip naming what is missing. */
export const browserTest = hasChromium ? test : test.skip;
export const browserTitle = (title: string) =>
  hasChromium ? title : `${title} (skipped: no ${chromiumPath}; run scripts/install-browser.sh)`;

// Without these Chromium reaches for the network at start (updates, sync, field trials) and wants a sandbox.
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // launch() (not a persistent context) runs on a fresh temporary profile each time.
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: flags });
}

const docs = fileURLToPath(new URL('../../docs/', import.meta.url));

/**
 * Screenshots of the main pages: written to docs/ (portal-<name>.png, shown in the README and docs/portal.md)
 * when IMWSI_SCREENSHOTS=docs, so an ordinary test run leaves the tree alone; otherwise to `scratch`.
 */
export async function screenshot(page: Page, name: string, scratch: string, site = 'portal'): Promise<void> {
  const dir = process.env.IMWSI_SCREENSHOTS === 'docs' ? docs : scratch;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${site}-${name}.png`), fullPage: true });
}

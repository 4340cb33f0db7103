// Debian's Chromium driven by playwright-core (no browser download here).
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM } from './paths';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

export async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  // On a loaded machine the workbench's first load can take well over Playwright's default 30 s.
  await page.goto(url, { timeout: 120_000 });
  return page;
}

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM_PATH);
/** In CI the browser tests must run: a missing Chromium fails them instead of skipping them. */
export const inCI = Boolean(process.env.CI);

/** Where screenshots go (git-ignored). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'dashboard');

export interface Browser {
  context: BrowserContext;
  /** Every request the pages tried to send anywhere but 127.0.0.1 (all were aborted). */
  externalRequests: string[];
  /** Console errors and uncaught exceptions of every page (a CSP violation shows here). */
  pageErrors: string[];
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile, no background networking, and every request to a host
 * other than 127.0.0.1 aborted and recorded.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!chromiumInstalled) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'levain-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const externalRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
    externalRequests.push(url.toString());
    return route.abort();
  });
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  };
  context.on('page', watch);
  for (const page of context.pages()) watch(page);
  return {
    context,
    externalRequests,
    pageErrors,
    async newPage(viewport) {
      const page = context.pages().find((candidate) => candidate.url() === 'about:blank') ?? (await context.newPage());
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

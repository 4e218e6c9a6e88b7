import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { join } from 'node:path';
import { createDb, type Db } from '../../db/client.ts';
import { graphql, tokenFor } from '../support/graphql.ts';
import { CHROMIUM_PATH, chromiumInstalled, inCI, launchBrowser, SCREENSHOT_DIR, type Browser } from '../dashboard/browser.ts';
import { BOARD_OPERATOR_TENANT, jobsEnv, ownBakery, REQUEST_RUN, startJobsStack, type JobsStack } from './support.ts';

/** Bull Board at /admin/queues as an operator sees it (the seeded demo bakery's ADMIN, QUEUE_BOARD_TENANT_IDS): signed in through its form, in Chromium. */

const runBrowser = chromiumInstalled || inCI;
if (!runBrowser) console.warn(`queue board browser test skipped: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!runBrowser)('Bull Board in Chromium', () => {
  let stack: JobsStack;
  let db: Db;
  let browser: Browser;
  beforeAll(async () => {
    db = createDb(inject('databaseUrl'), 2);
    stack = await startJobsStack(inject('databaseUrl'), jobsEnv('redis'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.destroy();
  });

  test('an ADMIN signs in with a token and sees the orchestration queue and its waiting job; nothing leaves the origin', async () => {
    const bakery = await ownBakery(db, 'board-browser');
    expect((await graphql(stack.gatewayUrl, REQUEST_RUN, {}, bakery.planner)).errors).toBeUndefined();
    const page = await browser.newPage();
    await page.goto(new URL('/admin/queues', stack.gatewayUrl).toString());
    expect(page.url()).toMatch(/\/admin\/queues\/login$/);
    await page.fill('#token', bakery.planner);
    await page.click('button[type=submit]');
    await page.waitForSelector('text=not an ADMIN');
    browser.pageErrors.length = 0; // the 403 of that refusal

    // The operators' ADMIN (QUEUE_BOARD_TENANT_IDS: demo in the jobs stacks); the bakery's own ADMIN would be refused (issue 12).
    await page.fill('#token', await tokenFor(BOARD_OPERATOR_TENANT, ['ADMIN']));
    await page.click('button[type=submit]');
    await page.waitForSelector('text=orchestration', { timeout: 15_000 });
    await page.waitForSelector('text=1 Job', { timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'queue-board.png'), fullPage: true });
    // Bull Board's page asks for Google Fonts; the board's Content-Security-Policy stops it in the browser.
    expect(browser.externalRequests).toEqual([]);
    expect(browser.pageErrors.filter((error) => !error.includes('fonts.googleapis.com'))).toEqual([]);
  });
});

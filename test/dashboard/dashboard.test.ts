import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { graphql, tokenFor } from '../support/graphql.ts';
import { FINAL_STATUSES, jobsEnv, ownBakery, readRun, REQUEST_RUN, startJobsStack, waitFor, type JobsStack, type TestBakery } from '../jobs/support.ts';
import { CHROMIUM_PATH, chromiumInstalled, inCI, launchBrowser, SCREENSHOT_DIR, type Browser } from './browser.ts';

/**
 * The dashboard in real headless Chromium against a real stack (the four subgraphs, the gateway,
 * the queue on Redis and an orchestration worker, in this process): sign in with a token link,
 * read the plan, approve it, submit an order, read stock (the projection chart) and production,
 * start a run with "Run now" and watch the worker complete it. Screenshots go to
 * test-results/dashboard/.
 */

const runBrowser = chromiumInstalled || inCI;
if (!runBrowser) {
  console.warn(`dashboard browser test skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or run .ci/run)`);
}

const PLAN = `query DashboardTestPlan {
  latestProcurementPlan {
    id status planDate currency
    purchaseOrders { id status supplier { name } lines { ingredient { name } reason unitPrice } }
    warnings { code }
    run { productionSchedule { batches { product { name } } } }
  }
}`;

let stack: JobsStack;
let db: Db;
let browser: Browser;
let base: string;
let tokens: TestBakery;
let firstRunId: string;

beforeAll(async () => {
  if (!runBrowser) return;
  stack = await startJobsStack(inject('databaseUrl'), jobsEnv('redis'));
  await stack.startWorker();
  base = stack.gatewayUrl.replace(/\/graphql$/, '');
  db = createDb(inject('databaseUrl'), 1);
  tokens = await ownBakery(db, 'dashboard');
  // An earlier run: the plan the planner finds in the morning.
  const { data } = await graphql(stack.gatewayUrl, REQUEST_RUN, {}, tokens.planner);
  const first = await waitFor(() => readRun(stack.gatewayUrl, tokens.viewer, data.requestOrchestration.id), (run) => FINAL_STATUSES.includes(run.status), 30_000, 'the first run');
  expect(first.status).toBe('COMPLETED');
  firstRunId = first.id;
  // A run for a later date since: the dashboard must keep showing today's plan, not that one.
  const later = await graphql(stack.gatewayUrl, REQUEST_RUN, { input: { planDate: addDays(dateIn(DEMO_BAKERY.tenant.timezone), 2) } }, tokens.planner);
  const laterRun = await waitFor(() => readRun(stack.gatewayUrl, tokens.viewer, later.data.requestOrchestration.id), (run) => FINAL_STATUSES.includes(run.status), 30_000, 'the later run');
  expect(laterRun.status).toBe('COMPLETED');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await db?.destroy();
  await stack?.stop();
});

async function latestPlan(token = tokens.planner) {
  const response = await graphql(stack.gatewayUrl, PLAN, {}, token);
  expect(response.errors).toBeUndefined();
  return response.data.latestProcurementPlan;
}

/** Waits until `selector`'s text matches `pattern` (the dashboard re-renders after each action). */
async function waitForText(page: Page, selector: string, pattern: RegExp, timeout = 15_000) {
  await page.waitForFunction(
    ([css, source, flags]) => new RegExp(source, flags).test(document.querySelector(css)?.textContent ?? ''),
    [selector, pattern.source, pattern.flags] as const,
    { timeout },
  );
}

describe.skipIf(!runBrowser)('the dashboard in Chromium', () => {
  let page: Page;

  test('signs in from the token link, forgets the token in the address bar, and shows today\'s plan', async () => {
    page = await browser.newPage();
    await page.goto(`${base}/dashboard#token=${tokens.planner}`);
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    expect(page.url()).not.toContain(tokens.planner);
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();

    const plan = await latestPlan();
    expect(plan.planDate).toBe(dateIn(DEMO_BAKERY.tenant.timezone));
    const today = new Date(`${plan.planDate}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
    await page.getByRole('heading', { level: 2, name: `Procurement plan for ${today}` }).waitFor();
    expect(plan.purchaseOrders.length).toBeGreaterThan(0);
    await page.locator('article.po').first().waitFor();
    // Unit prices with the digits they have (€0.024, not €0.02).
    const unitPrice = new Intl.NumberFormat('en-GB', { style: 'currency', currency: plan.currency, minimumFractionDigits: 2, maximumFractionDigits: 6 });
    const shownPrices = new Set(await page.locator('table.lines tr.line td:nth-child(5)').allTextContents());
    const prices = plan.purchaseOrders.flatMap((order: { lines: { unitPrice: number }[] }) => order.lines.map((line) => unitPrice.format(line.unitPrice)));
    expect(new Set(prices)).toEqual(shownPrices);
    expect(await page.locator('article.po').count()).toBe(plan.purchaseOrders.length);
    for (const order of plan.purchaseOrders) {
      await page.getByRole('heading', { level: 3, name: order.supplier.name }).first().waitFor();
    }
    // Each line says why it exists.
    const reason = plan.purchaseOrders[0].lines[0].reason as string;
    await page.getByText(reason, { exact: true }).first().waitFor();
    await page.getByRole('heading', { name: `Warnings (${plan.warnings.length})` }).waitFor();
    expect(await page.getByTestId('plan-status').textContent()).toBe('DRAFT');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'plan.png'), fullPage: true });
  });

  test('approves the plan and submits an order', async () => {
    await page.getByRole('button', { name: 'Approve plan' }).click();
    await waitForText(page, '[data-testid="plan-status"]', /^APPROVED$/);
    expect((await latestPlan()).status).toBe('APPROVED');
    await page.getByRole('status').getByText('Plan approved.').waitFor();

    const submit = page.getByRole('button', { name: /^Submit order to / }).first();
    const label = (await submit.getAttribute('aria-label'))!;
    await submit.click();
    await page.getByRole('status').getByText(/submitted\.$/).waitFor();
    const plan = await latestPlan();
    const submitted = plan.purchaseOrders.filter((order: { status: string }) => order.status === 'SUBMITTED');
    expect(submitted).toHaveLength(1);
    expect(label).toContain(submitted[0].supplier.name);
    expect(await page.getByRole('button', { name: label }).count()).toBe(0);
  });

  test('shows stock to watch and a 7-day projection chart with a safety-stock line', async () => {
    await page.getByRole('link', { name: 'Stock' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stock' }).waitFor();
    await page.getByRole('heading', { name: /^Needs attention \(\d+\)$/ }).waitFor();
    await page.getByRole('heading', { name: 'Lots expiring within 3 days' }).waitFor();
    const chart = page.getByRole('img', { name: /7-day stock projection/ });
    await chart.waitFor();
    expect(await page.locator('figure.projection svg .safety').count()).toBe(1);
    expect(await page.locator('figure.projection svg path.line-closing').count()).toBe(1);
    expect(await page.locator('figure.projection svg rect.bar-demand').count()).toBe(7);
    // Another ingredient from the labelled picker redraws the chart.
    const picker = page.getByLabel('Ingredient');
    const opened = await picker.inputValue();
    const other = (await picker.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).find(
      (value) => value !== opened,
    )!;
    await picker.selectOption(other);
    const otherName = await picker.locator(`option[value="${other}"]`).textContent();
    await page.getByRole('img', { name: new RegExp(`^${otherName}: 7-day stock projection`) }).waitFor();
    await picker.selectOption(opened);
    // It opens on an ingredient this plan orders: its chart shows the delivery.
    expect(await page.locator('figure.projection svg rect.bar-receipts[height]:not([height="0.0"])').count()).toBeGreaterThan(0);
    await page.locator('figure.projection').screenshot({ path: join(SCREENSHOT_DIR, 'projection.png') });
  });

  test('shows the production schedule by day and product', async () => {
    await page.getByRole('link', { name: 'Production' }).click();
    await page.getByRole('heading', { level: 1, name: 'Production' }).waitFor();
    const plan = await latestPlan();
    const products = new Set<string>(plan.run.productionSchedule.batches.map((batch: { product: { name: string } }) => batch.product.name));
    expect(products.size).toBeGreaterThan(0);
    for (const product of products) await page.getByRole('rowheader', { name: new RegExp(`^${product}`) }).waitFor();
    expect(await page.locator('table.schedule thead th').count()).toBeGreaterThan(1);
  });

  test('starts a run with "Run now" and watches it complete, step by step', async () => {
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
    await page.locator('table.runs tbody tr').first().waitFor();
    const runsBefore = await page.locator('table.runs tbody tr').count();

    // Every (run, status) the run panel shows, in order, as the page polls.
    await page.evaluate(() => {
      const shown: string[] = [];
      (window as unknown as { shownStatuses: string[] }).shownStatuses = shown;
      const panel = document.querySelector('.run-detail')!;
      new MutationObserver(() => {
        const entry = `${panel.getAttribute('data-run-id')} ${panel.getAttribute('data-status')}`;
        if (shown.at(-1) !== entry) shown.push(entry);
      }).observe(panel, { attributes: true, attributeFilter: ['data-status', 'data-run-id'] });
    });
    await page.getByRole('button', { name: 'Run now' }).click();
    // The new run is selected as soon as the API answers; the worker takes it from the queue.
    await page.getByRole('status').getByText(/^Run for \d{4}-\d{2}-\d{2} (queued|running)\.$/).waitFor();
    const runId = await page.locator('table.runs tr.selected').getAttribute('data-run-id');
    expect(runId).toBeTruthy();
    expect(runId).not.toBe(firstRunId);
    await page.locator(`.run-detail[data-run-id="${runId}"][data-status="COMPLETED"]`).waitFor({ timeout: 30_000 });
    expect(await page.locator('table.runs tbody tr').count()).toBe(runsBefore + 1);
    expect(await page.locator('table.runs tr.selected').getAttribute('data-run-id')).toBe(runId);
    // The page showed the run before it was done, then done, without a reload.
    const shown = (await page.evaluate(() => (window as unknown as { shownStatuses: string[] }).shownStatuses))
      .filter((entry) => entry.startsWith(`${runId} `))
      .map((entry) => entry.split(' ')[1]);
    expect(shown[0]).toMatch(/^(QUEUED|RUNNING)$/);
    expect(shown.at(-1)).toBe('COMPLETED');
    expect((await readRun(stack.gatewayUrl, tokens.viewer, runId!)).status).toBe('COMPLETED');
    const steps = page.locator('.run-detail .timeline li');
    expect(await steps.count()).toBe(5);
    for (const step of ['snapshot', 'forecast', 'production', 'procurement', 'notify']) {
      expect(await page.locator(`.run-detail .timeline li[data-step="${step}"] .badge`).textContent(), step).toBe('COMPLETED');
    }
    expect(await page.locator('.run-detail .timeline li[data-step="procurement"] .step-meta').textContent()).toMatch(/ · 1 attempt$/);
    await page.getByRole('term').filter({ hasText: 'Ingredients' }).waitFor();
    await page.locator('.run-detail').screenshot({ path: join(SCREENSHOT_DIR, 'run-timeline.png') });
  });

  test('fits a tablet screen', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('link', { name: 'Today' }).click();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await page.locator('article.po').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'tablet-today.png') });
  });

  test('a viewer sees the plan without the planner actions', async () => {
    const viewerPage = await browser.context.newPage();
    await viewerPage.goto(`${base}/dashboard#token=${tokens.viewer}`);
    await viewerPage.locator('article.po').first().waitFor();
    expect(await viewerPage.getByRole('button', { name: 'Approve plan' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: /^Submit order/ }).count()).toBe(0);
    await viewerPage.getByRole('link', { name: 'Runs' }).click();
    await viewerPage.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
    expect(await viewerPage.getByRole('button', { name: 'Run now' }).count()).toBe(0);
    await viewerPage.close();
  });

  test('a bad token is refused at sign-in', async () => {
    const other = await browser.context.newPage();
    await other.goto(`${base}/dashboard`);
    await other.getByLabel('Access token').fill(await tokenFor(randomUUID(), ['PLANNER'], -60));
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('alert').getByText(/expired/).waitFor();
    await other.getByLabel('Access token').fill('not-a-token');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('alert').getByText(/not a Levain access token/).waitFor();
    await other.close();
  });

  test('made no request beyond 127.0.0.1 and logged no error in the browser', () => {
    expect(browser.externalRequests).toEqual([]);
    // A GraphQL refusal answers 4xx, which Chromium reports on the console; anything else
    // (a script error, a Content-Security-Policy violation) is a bug.
    expect(browser.pageErrors.filter((message) => !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message))).toEqual([]);
  });
});

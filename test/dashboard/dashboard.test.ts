import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { addDays, dateIn } from '../../platform/time-zones.ts';
import { graphql, tokenFor } from '../support/graphql.ts';
import { FINAL_STATUSES, jobsEnv, ownBakery, readRun, REQUEST_RUN, startJobsStack, waitFor, type JobsStack, type TestBakery } from '../jobs/support.ts';
import { CHROMIUM_PATH, chromiumInstalled, inCI, launchBrowser, SCREENSHOT_DIR, type Browser } from './browser.ts';
import { seriousViolations, sidewaysOverflow, visibleChrome, WIDTHS } from './page-checks.ts';

/**
 * The dashboard in real headless Chromium against a real stack (the four subgraphs, the gateway,
 * the queue on Redis and an orchestration worker, in this process): sign in with a token link,
 * read the plan, approve it, submit an order, read stock (the projection chart) and production,
 * start a run with "Run now" and watch the worker complete it, read forecast accuracy and one
 * product's forecast-vs-sales chart, and the suppliers' measured deliveries. Screenshots go to
 * test-results/dashboard/.
 */

const runBrowser = chromiumInstalled || inCI;
if (!runBrowser) {
  console.warn(`dashboard browser test skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or run .ci/run)`);
}

const PLAN = `query DashboardTestPlan {
  latestProcurementPlan {
    id status planDate currency
    purchaseOrders { id status belowMinimumOrderValue supplier { name } lines { ingredient { name } quantity reason unitPrice } }
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
  db = createDb(inject('databaseUrl'), 1);
  tokens = await ownBakery(db, 'dashboard');
  // This bakery's ADMINs are the operators: the queue board opens to them only (QUEUE_BOARD_TENANT_IDS).
  stack = await startJobsStack(inject('databaseUrl'), jobsEnv('redis', { QUEUE_BOARD_TENANT_IDS: tokens.tenantId }));
  await stack.startWorker();
  base = stack.gatewayUrl.replace(/\/graphql$/, '');
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

const RISK = `query DashboardTestRisk {
  latestProcurementPlan {
    id warnings { code }
    projections { ingredient { id name } safetyStock days { date closing shortfall blockedProduction { product { name } batches } } }
  }
}`;

interface TestProjection {
  ingredient: { id: string; name: string };
  safetyStock: number;
  days: { date: string; closing: number; shortfall: number; blockedProduction: { product: { name: string }; batches: number }[] }[];
}

async function latestPlanWithRisk(): Promise<{ warnings: { code: string }[]; projections: TestProjection[] }> {
  const response = await graphql(stack.gatewayUrl, RISK, {}, tokens.planner);
  expect(response.errors).toBeUndefined();
  return response.data.latestProcurementPlan;
}

/** Issue 14's rule, computed here from the API: below safety stock on some day, or demand lost. */
function expectedAtRisk(projections: TestProjection[]): TestProjection[] {
  return projections.filter((projection) => projection.days.some((day) => day.closing < projection.safetyStock - 1e-6 || day.shortfall > 1e-6));
}

/** RFC 4180 rows (quoted fields may hold commas, doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  for (const match of text.matchAll(/("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|$)/g)) {
    const raw = match[1];
    row.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (match[2] !== ',') {
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      if (match[2] === '') break;
    }
  }
  return rows;
}

const WEEK = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

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
    await page.getByRole('heading', { name: `To check (${plan.warnings.length})` }).waitFor();
    expect(await page.getByTestId('plan-status').textContent()).toBe('DRAFT');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'plan.png'), fullPage: true });
  });

  test('approves the plan and submits an order, each after a confirmation', async () => {
    // Going back from the dialog changes nothing.
    await page.getByRole('button', { name: 'Approve plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve this plan?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Go back' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await latestPlan()).status).toBe('DRAFT');
    await page.getByRole('button', { name: 'Approve plan' }).click();
    await page.getByRole('dialog', { name: 'Approve this plan?' }).getByRole('button', { name: 'Approve plan' }).click();
    await waitForText(page, '[data-testid="plan-status"]', /^APPROVED$/);
    expect((await latestPlan()).status).toBe('APPROVED');
    await page.getByRole('status').getByText('Plan approved.').waitFor();

    const submit = page.getByRole('button', { name: /^Submit order to / }).first();
    const label = (await submit.getAttribute('aria-label'))!;
    await submit.click();
    await page.getByRole('dialog', { name: /^Send the order to / }).getByRole('button', { name: 'Submit order' }).click();
    await page.getByRole('status').getByText(/submitted\.$/).waitFor();
    const plan = await latestPlan();
    const submitted = plan.purchaseOrders.filter((order: { status: string }) => order.status === 'SUBMITTED');
    expect(submitted).toHaveLength(1);
    expect(label).toContain(submitted[0].supplier.name);
    expect(await page.getByRole('button', { name: label }).count()).toBe(0);
  });

  test('shows stock to watch and a 7-day projection chart with a safety-stock line', async () => {
    await page.getByRole('link', { name: 'Stock', exact: true }).click();
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
    await page.getByRole('link', { name: 'Production', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Production' }).waitFor();
    const plan = await latestPlan();
    const products = new Set<string>(plan.run.productionSchedule.batches.map((batch: { product: { name: string } }) => batch.product.name));
    expect(products.size).toBeGreaterThan(0);
    for (const product of products) await page.getByRole('rowheader', { name: new RegExp(`^${product}`) }).waitFor();
    expect(await page.locator('table.schedule thead th').count()).toBeGreaterThan(1);
  });

  test('starts a run with "Run now" and watches it complete, step by step', async () => {
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
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
    await page.getByRole('link', { name: 'Today', exact: true }).click();
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
    await viewerPage.getByRole('link', { name: 'Runs', exact: true }).click();
    await viewerPage.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
    expect(await viewerPage.getByRole('button', { name: 'Run now' }).count()).toBe(0);
    await viewerPage.close();
  });

  test('a bad token is refused at sign-in', async () => {
    const other = await browser.context.newPage();
    await other.goto(`${base}/dashboard`);
    // Signed out first: the tabs share one sign-in.
    await other.evaluate(() => localStorage.clear());
    await other.reload();
    await other.getByLabel('Access token').fill(await tokenFor(randomUUID(), ['PLANNER'], -60));
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('alert').getByText(/expired/).waitFor();
    await other.getByLabel('Access token').fill('not-a-token');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('alert').getByText(/not a Levain access token/).waitFor();
    await other.close();
  });

  test('Today leads with what to bake, order and check, in plain words, orders above the warnings', async () => {
    // The viewer's tab above signed this browser in as the viewer (one sign-in for every tab).
    await page.goto(`${base}/dashboard#token=${tokens.planner}`);
    await page.locator('article.po').first().waitFor();
    const plan = await latestPlanWithRisk();
    // The same rule as Stock: the projection falls below safety stock or loses demand.
    const atRisk = expectedAtRisk(plan.projections);
    if (atRisk.length > 0) expect(await page.getByTestId('at-risk-count').textContent()).toMatch(new RegExp(`^${atRisk.length} ingredients? fall`));
    // No warning code and no internal word on the page; every group has its heading and count.
    const main = (await page.locator('main').textContent())!;
    expect(main).not.toMatch(/\b(LATE_DELIVERY|STOCKOUT_RISK|WASTE_RISK|BELOW_MINIMUM_ORDER_VALUE|NO_SALES_HISTORY|UNIT_MISMATCH|STALE_SALES_DATA|DANGLING_REFERENCE|CURRENCY_MISMATCH)\b/);
    expect(main).not.toMatch(/snapshot/i);
    expect(main).not.toMatch(/\b(?!1 )\d+(?:[.,]\d+)? unit\b/);
    const codes = new Set(plan.warnings.map((warning: { code: string }) => warning.code));
    expect(await page.locator('details.warning-group').count()).toBe(codes.size);
    expect(await page.locator('details.warning-group li.warning').count()).toBe(plan.warnings.length);
    // Many warnings start collapsed, and the orders come first.
    if (plan.warnings.length > 4) expect(await page.locator('details.warning-group[open]').count()).toBe(0);
    const ordersTop = (await page.getByRole('heading', { name: /^Purchase orders/ }).boundingBox())!.y;
    const warningsTop = (await page.getByRole('heading', { name: /^To check/ }).boundingBox())!.y;
    expect(ordersTop).toBeLessThan(warningsTop);
  });

  test('Stock lists the same ingredients at risk as Today, with the reorder point as a second reason', async () => {
    await page.getByRole('link', { name: 'Stock', exact: true }).click();
    await page.getByTestId('attention-summary').waitFor();
    const plan = await latestPlanWithRisk();
    const atRisk = expectedAtRisk(plan.projections);
    expect(await page.getByTestId('attention-summary').textContent()).toMatch(new RegExp(`^${atRisk.length} at risk in the plan`));
    const listed = await page.locator('table[aria-labelledby="attention-title"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ingredient-id')));
    expect(listed.slice(0, atRisk.length).sort()).toEqual(atRisk.map((projection) => projection.ingredient.id).sort());
  });

  test('Production flags the days the stock cannot bake, with products and batches', async () => {
    await page.getByRole('link', { name: 'Production', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Production' }).waitFor();
    await page.locator('table.schedule').waitFor();
    const plan = await latestPlanWithRisk();
    const blocked = new Map<string, Map<string, number>>();
    for (const projection of plan.projections) {
      for (const day of projection.days) {
        for (const entry of day.blockedProduction) {
          const products = blocked.get(day.date) ?? new Map<string, number>();
          products.set(entry.product.name, Math.max(products.get(entry.product.name) ?? 0, entry.batches));
          blocked.set(day.date, products);
        }
      }
    }
    expect(await page.locator('.blocked-days li').count()).toBe(blocked.size);
    for (const [date, products] of blocked) {
      const text = (await page.locator(`.blocked-days li[data-date="${date}"]`).textContent())!;
      for (const [name, batches] of products) expect(text).toContain(`${name}, ${batches} ${batches === 1 ? 'batch' : 'batches'}`);
    }
  });

  test('an order exports as CSV and has a print view without the chrome', async () => {
    await page.getByRole('link', { name: 'Today', exact: true }).click();
    await page.locator('article.po').first().waitFor();
    const plan = await latestPlan();
    const order = plan.purchaseOrders[0];
    const download = page.waitForEvent('download');
    await page.locator(`article.po[data-order-id="${order.id}"]`).getByRole('button', { name: /as CSV$/ }).click();
    const file = await download;
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toBe('supplier,order_date,delivery_date,needed_by,ingredient,quantity,unit,unit_price,cost,currency');
    const rows = parseCsv(text).slice(1);
    expect(rows.map((row) => row[4])).toEqual(order.lines.map((line: { ingredient: { name: string } }) => line.ingredient.name));
    expect(rows.map((row) => Number(row[5]))).toEqual(order.lines.map((line: { quantity: number }) => line.quantity));
    expect(rows.every((row) => row[0] === order.supplier.name && row[9] === plan.currency)).toBe(true);

    await page.locator(`article.po[data-order-id="${order.id}"]`).getByRole('link', { name: /^Print view/ }).click();
    await page.getByRole('heading', { level: 1, name: `Purchase order — ${order.supplier.name}` }).waitFor();
    expect(await page.locator('table.order-lines tbody tr').count()).toBe(order.lines.length);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.locator('table.order-lines').isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'order-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  test('marks a submitted order received and cancels a draft one', async () => {
    await page.getByRole('link', { name: 'Today', exact: true }).click();
    await page.locator('article.po').first().waitFor();
    // Today now shows the plan of the run started above: submit one of its orders first.
    const before = await latestPlan();
    const [submitted, draft] = before.purchaseOrders.filter((order: { status: string }) => order.status === 'DRAFT');
    await page.locator(`article.po[data-order-id="${submitted.id}"]`).getByRole('button', { name: /^Submit order/ }).click();
    await page.getByRole('dialog', { name: /^Send the order to / }).getByRole('button', { name: 'Submit order' }).click();
    await page.locator(`article.po[data-order-id="${submitted.id}"][data-status="SUBMITTED"]`).waitFor();
    await page.locator(`article.po[data-order-id="${submitted.id}"]`).getByRole('button', { name: /^Mark received/ }).click();
    await page.locator(`article.po[data-order-id="${submitted.id}"][data-status="RECEIVED"]`).waitFor();
    if (draft) {
      await page.locator(`article.po[data-order-id="${draft.id}"]`).getByRole('button', { name: /^Cancel order/ }).click();
      await page.getByRole('dialog', { name: /^Cancel the order to / }).getByRole('button', { name: 'Cancel order' }).click();
      await page.locator(`article.po[data-order-id="${draft.id}"][data-status="CANCELLED"]`).waitFor();
    }
    const after = await latestPlan();
    const status = new Map(after.purchaseOrders.map((order: { id: string; status: string }) => [order.id, order.status]));
    expect(status.get(submitted.id)).toBe('RECEIVED');
    if (draft) expect(status.get(draft.id)).toBe('CANCELLED');
    // Neither a received nor a cancelled order offers an action any more.
    expect(await page.locator(`article.po[data-order-id="${submitted.id}"] button`).allTextContents()).toEqual(['CSV']);
  });

  test('a submit below the supplier\'s minimum says so in the confirmation', async () => {
    const below = (await latestPlan()).purchaseOrders.find((order: { status: string; belowMinimumOrderValue: boolean }) => order.status === 'DRAFT' && order.belowMinimumOrderValue);
    if (!below) return; // the demo plan has none today: the statement is checked where there is one
    await page.locator(`article.po[data-order-id="${below.id}"]`).getByRole('button', { name: /^Submit order/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Send the order to / });
    await dialog.getByText(/below .*minimum order value/).waitFor();
    await dialog.getByRole('button', { name: 'Go back' }).click();
  });

  test('lists the runs\' notifications, newest first', async () => {
    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const response = await graphql(stack.gatewayUrl, 'query { notifications(first: 20) { totalCount edges { node { title } } } }', {}, tokens.viewer);
    const titles = response.data.notifications.edges.map((edge: { node: { title: string } }) => edge.node.title);
    expect(titles.length).toBeGreaterThan(0);
    await page.locator('li.notification').first().waitFor();
    expect(await page.locator('li.notification h2').allTextContents()).toEqual(titles);
  });

  test('Forecasts shows the kept forecasts against what sold, as the API computes them', async () => {
    // The first run's forecasts, moved a week back as if it had run then: the days before today now have a
    // forecast and recorded sales (the seeded history) to hold it against.
    await db('planning.forecasts').where({ tenant_id: tokens.tenantId, run_id: firstRunId }).update({ date: db.raw('date - 7') });
    const response = await graphql(stack.gatewayUrl, 'query { forecastAccuracy { bakery { last7 { wape observedDays } } products { product { name } } } }', {}, tokens.viewer);
    const { bakery, products } = response.data.forecastAccuracy;
    expect(bakery.last7.observedDays).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Forecasts', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Forecasts' }).waitFor();
    const rows = page.locator('table.accuracy tbody th[scope=row]');
    await rows.first().waitFor();
    expect(await rows.allTextContents()).toEqual(products.map((entry: { product: { name: string } }) => entry.product.name));
    const bakeryRow = page.locator('table.accuracy tfoot tr');
    expect(await bakeryRow.locator('td').nth(2).textContent()).toBe(`${(Math.round(bakery.last7.wape * 1000) / 10).toLocaleString('en-GB')} %`);
  });

  test('Forecasts charts one product day by day: its kept forecast against what sold, sold-out days marked, as the API has them', async () => {
    const asOf = dateIn(DEMO_BAKERY.tenant.timezone);
    const window = { from: addDays(asOf, -28), to: addDays(asOf, -1) };
    const accuracy = await graphql(stack.gatewayUrl, 'query { forecastAccuracy { products { product { id name } last28 { forecast actual } } } }', {}, tokens.viewer);
    const products: { product: { id: string; name: string }; last28: { forecast: number; actual: number } }[] = accuracy.data.forecastAccuracy.products;
    const busiest = products.reduce((best, entry) => (entry.last28.actual > best.last28.actual ? entry : best));
    // One of its days sold out (the same quantity, now marked): the chart must mark it.
    const SALES = 'query ($from: Date!, $to: Date!, $productIds: [ID!]) { salesHistory(from: $from, to: $to, productIds: $productIds) { date quantity soldOut } }';
    const before = (await graphql(stack.gatewayUrl, SALES, { ...window, productIds: [busiest.product.id] }, tokens.viewer)).data.salesHistory;
    const marked = before.find((sale: { quantity: number }) => sale.quantity > 0);
    const recorded = await graphql(stack.gatewayUrl, 'mutation ($records: [SalesRecordInput!]!) { recordSales(records: $records) { recorded } }',
      { records: [{ productId: busiest.product.id, date: marked.date, quantity: marked.quantity, soldOut: true }] }, tokens.planner);
    expect(recorded.errors).toBeUndefined();

    const api = await graphql(stack.gatewayUrl, `query ($from: Date!, $to: Date!, $productIds: [ID!]) {
      forecasts(from: $from, to: $to, productIds: $productIds) { date quantity }
      salesHistory(from: $from, to: $to, productIds: $productIds) { date quantity soldOut }
      all: salesHistory(from: $from, to: $to) { date }
    }`, { ...window, productIds: [busiest.product.id] }, tokens.viewer);
    const forecastOn = new Map<string, number>(api.data.forecasts.map((forecast: { date: string; quantity: number }) => [forecast.date, forecast.quantity]));
    const saleOn = new Map<string, { quantity: number; soldOut: boolean }>(api.data.salesHistory.map((sale: { date: string; quantity: number; soldOut: boolean }) => [sale.date, sale]));
    const recordedDays = new Set(api.data.all.map((sale: { date: string }) => sale.date));
    expect(forecastOn.size).toBeGreaterThan(0);
    const number = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 2 });

    await page.goto(`${base}/dashboard#/today`);
    await page.getByRole('link', { name: 'Forecasts', exact: true }).click();
    const picker = page.getByLabel('Product', { exact: true });
    await page.getByRole('img', { name: `${busiest.product.name}: forecast against sales, last 28 days` }).waitFor();
    expect(await picker.inputValue()).toBe(busiest.product.id);

    // The table under the chart: the 28 days before today, each with the API's figures.
    const rows = page.locator('figure.forecast-chart table tbody tr');
    expect(await rows.count()).toBe(28);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-date'), ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]));
    const expected = Array.from({ length: 28 }, (_, index) => {
      const date = addDays(window.from, index);
      const forecast = forecastOn.get(date);
      const sale = saleOn.get(date);
      const sold = sale?.quantity ?? (recordedDays.has(date) ? 0 : undefined);
      return [
        date,
        forecast === undefined ? '—' : number(forecast),
        sold === undefined ? 'not recorded' : number(sold),
        sale?.soldOut ? 'yes' : '',
        forecast === undefined || sold === undefined ? '—' : `${forecast - sold > 0 ? '+' : ''}${number(forecast - sold)}`,
      ];
    });
    expect(shown).toEqual(expected);
    // The marks: a point per kept forecast, a bar per recorded day, a flag per sold-out day.
    const chart = page.locator('figure.forecast-chart svg');
    expect(await chart.locator('circle.point-forecast').count()).toBe(forecastOn.size);
    expect(await chart.locator('rect.bar-sold').count()).toBe(expected.filter((row) => row[2] !== 'not recorded').length);
    const soldOutDays = [...saleOn.values()].filter((sale) => sale.soldOut).length;
    expect(soldOutDays).toBeGreaterThan(0);
    expect(await chart.locator('path.mark-sold-out').count()).toBe(soldOutDays);
    expect(await chart.locator('rect.bar-sold-out').count()).toBe(soldOutDays);
    // The caption's totals are forecastAccuracy's 28-day figures for the product.
    const caption = await page.locator('figure.forecast-chart figcaption').textContent();
    expect(caption).toContain(`the forecast said ${number(busiest.last28.forecast)} units and ${number(busiest.last28.actual)} units sold`);
    await page.locator('figure.forecast-chart').screenshot({ path: join(SCREENSHOT_DIR, 'forecast-chart.png') });

    // Another product from the picker redraws the chart for it.
    const other = products.find((entry) => entry.product.id !== busiest.product.id)!;
    await picker.selectOption(other.product.id);
    await page.getByRole('img', { name: `${other.product.name}: forecast against sales, last 28 days` }).waitFor();
  });

  test('Suppliers shows each supplier\'s measured deliveries against its typed figures, and the suppliers not measured yet', async () => {
    // A delivery to measure: an order sent earlier in this file (the first plan's, still SUBMITTED), or
    // else one of the latest plan's drafts sent now, received whole today.
    const today = dateIn(DEMO_BAKERY.tenant.timezone);
    const ORDERS = '{ purchaseOrders { id status supplier { id } lines { ingredient { id } quantity } } }';
    const plans = (await graphql(stack.gatewayUrl, `query ($id: ID!) { orchestrationRun(id: $id) { procurementPlan ${ORDERS} } latestProcurementPlan ${ORDERS} }`, { id: firstRunId }, tokens.planner)).data;
    const orders: { id: string; status: string; supplier: { id: string }; lines: { ingredient: { id: string }; quantity: number }[] }[] =
      [...plans.orchestrationRun.procurementPlan.purchaseOrders, ...plans.latestProcurementPlan.purchaseOrders];
    const order = orders.find((candidate) => candidate.status === 'SUBMITTED') ?? orders.find((candidate) => candidate.status === 'DRAFT');
    expect(order, 'an order to receive').toBeDefined();
    if (order!.status === 'DRAFT') {
      expect((await graphql(stack.gatewayUrl, 'mutation ($id: ID!) { submitPurchaseOrder(id: $id) { status } }', { id: order!.id }, tokens.planner)).errors).toBeUndefined();
    }
    const received = await graphql(stack.gatewayUrl, 'mutation ($input: ReceivePurchaseOrderInput!) { receivePurchaseOrder(input: $input) { id } }',
      { input: { id: order!.id, receivedOn: today, lines: order!.lines.map((line) => ({ ingredientId: line.ingredient.id, quantity: line.quantity })) } }, tokens.planner);
    expect(received.errors).toBeUndefined();

    const api = await graphql(stack.gatewayUrl, `query {
      supplierPerformance { supplier { id name reliability leadTimeDays } deliveries onTimeRate inFullRate onTimeInFullRate receivedDeliveries leadTimeMeanDays leadTimeP90Days reliabilityMeasured leadTimeMeasured }
      suppliers(first: 500) { edges { node { id name reliability leadTimeDays } } }
    }`, {}, tokens.viewer);
    expect(api.errors).toBeUndefined();
    type Performance = { supplier: { id: string; name: string; reliability: number; leadTimeDays: number }; deliveries: number; onTimeRate: number; inFullRate: number;
      onTimeInFullRate: number; receivedDeliveries: number; leadTimeMeanDays: number | null; leadTimeP90Days: number | null; reliabilityMeasured: boolean; leadTimeMeasured: boolean };
    const performances: Performance[] = api.data.supplierPerformance;
    const suppliers: { id: string; name: string; reliability: number; leadTimeDays: number }[] = api.data.suppliers.edges.map((edge: { node: unknown }) => edge.node);
    // The order received above is one of its supplier's deliveries, received.
    const receivedFrom = performances.find((performance) => performance.supplier.id === order!.supplier.id);
    expect(receivedFrom?.deliveries).toBeGreaterThan(0);
    expect(receivedFrom?.receivedDeliveries).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Suppliers', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Suppliers' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Delivery performance/ }).waitFor();
    const rows = page.locator('table.performance tbody tr');
    expect(await rows.count()).toBe(suppliers.length);
    const percent = (share: number) => `${(Math.round(share * 1000) / 10).toLocaleString('en-GB')} %`;
    const ofDeliveries = (rate: number, deliveries: number) => `${Math.round(rate * deliveries)} of ${deliveries} (${percent(rate)})`;
    const cellsOf = (id: string) => page.locator(`table.performance tr[data-supplier-id="${id}"] td`).allTextContents();
    for (const performance of performances) {
      const { supplier, deliveries } = performance;
      const cells = await cellsOf(supplier.id);
      expect(cells[0], supplier.name).toMatch(new RegExp(`^${deliveries} deliver(y|ies)${performance.receivedDeliveries} received$`));
      expect(cells[1], supplier.name).toBe(ofDeliveries(performance.onTimeRate, deliveries));
      expect(cells[2], supplier.name).toBe(ofDeliveries(performance.inFullRate, deliveries));
      expect(cells[3], supplier.name).toBe(`${ofDeliveries(performance.onTimeInFullRate, deliveries)}typed ${percent(supplier.reliability)}`);
      if (performance.receivedDeliveries > 0) {
        expect(cells[4], supplier.name).toMatch(new RegExp(`^${performance.leadTimeMeanDays!.toLocaleString('en-GB', { maximumFractionDigits: 2 })} days? on average; 9 in 10 within ${performance.leadTimeP90Days} days?typed ${supplier.leadTimeDays} days?$`));
      }
      expect(cells[5], supplier.name).toMatch(performance.reliabilityMeasured ? /^measured reliability/ : /^the typed figures/);
    }
    const measured = new Set(performances.map((performance) => performance.supplier.id));
    for (const supplier of suppliers.filter((candidate) => !measured.has(candidate.id))) {
      const cells = await cellsOf(supplier.id);
      expect(cells, supplier.name).toEqual(['No deliveries measured yet', `—typed ${percent(supplier.reliability)}`, `—typed ${supplier.leadTimeDays} day${supplier.leadTimeDays === 1 ? '' : 's'}`, 'the typed figures']);
    }
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'suppliers.png'), fullPage: true });
  });

  test('the sign-in is kept in a new tab, and signing out in one tab signs out the other', async () => {
    const second = await browser.context.newPage();
    await second.goto(`${base}/dashboard#/stock`);
    await second.getByRole('heading', { level: 1, name: 'Stock' }).waitFor();
    await second.getByRole('button', { name: 'Sign out' }).click();
    await second.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await visibleChrome(page)).toEqual([]);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await second.close();
  });

  test('a session ends when its token expires: back to sign-in with no signed-in chrome', async () => {
    await page.goto(`${base}/dashboard#token=${await tokenFor(tokens.tenantId, ['PLANNER'], '5s')}`);
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    expect(await visibleChrome(page)).toContain('Sign out');
    // The page itself goes back to sign-in at `exp`: no request is needed to notice.
    await page.getByRole('alert').getByText('Your session has ended; sign in again.').waitFor({ timeout: 10_000 });
    expect(await visibleChrome(page)).toEqual([]);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await visibleChrome(page)).toEqual([]);
  });

  test('settings: bad values are refused beside their fields and change nothing; good ones are saved', async () => {
    await page.goto(`${base}/dashboard#token=${tokens.admin}`);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const read = async () => (await graphql(stack.gatewayUrl, 'query { planningSettings { horizonDays orchestrationCron staleSalesAfterDays closedWeekdays } }', {}, tokens.admin)).data.planningSettings;
    const original = await read();

    await page.getByLabel('Days planned ahead').fill('0');
    await page.getByLabel('Nightly run (cron)').fill('every morning');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('[data-path="horizonDays"] .field-error:not([hidden])').waitFor();
    expect(await page.locator('[data-path="orchestrationCron"] .field-error').textContent()).toMatch(/cron/);
    expect(await page.getByLabel('Days planned ahead').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.form-message').textContent()).toMatch(/^Nothing was saved: 2 fields need a change\.$/);
    expect(await read()).toEqual(original);

    await page.getByLabel('Days planned ahead').fill(String(original.horizonDays));
    await page.getByLabel('Nightly run (cron)').fill(original.orchestrationCron);
    await page.getByLabel('Sales are out of date after (days)').fill('9');
    await page.getByLabel('Sunday').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Settings saved.').waitFor();
    expect(await read()).toEqual({ ...original, staleSalesAfterDays: 9, closedWeekdays: [...new Set([...original.closedWeekdays, 'SUN'])].sort((a, b) => WEEK.indexOf(a) - WEEK.indexOf(b)) });
    expect(await page.locator('.field-error:not([hidden])').count()).toBe(0);
    // Back as it was, for the tests that follow.
    const restored = await graphql(stack.gatewayUrl, 'mutation($input: UpdatePlanningSettingsInput!) { updatePlanningSettings(input: $input) { staleSalesAfterDays } }',
      { input: { staleSalesAfterDays: original.staleSalesAfterDays, closedWeekdays: original.closedWeekdays } }, tokens.admin);
    expect(restored.errors).toBeUndefined();
  });

  test('settings: the CSV upload sends the file to the kind\'s import mutation', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByLabel('What the file holds').waitFor();
    const csv = 'product_sku,date,quantity\nNOPE,2020-01-01,3\n';
    await page.getByLabel('What the file holds').selectOption({ label: 'Sales history' });
    await page.getByLabel('CSV file').setInputFiles({ name: 'sales.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const sent = page.waitForRequest((request) => request.url().endsWith('/graphql') && (request.postData() ?? '').includes('DashboardImport'));
    await page.getByRole('button', { name: 'Import' }).click();
    const body = JSON.parse((await sent).postData()!);
    expect(body.query).toMatch(/\bimportSales\(input: \{ csv: \$csv \}\) \{ kind rows created updated \}/);
    expect(body.variables).toEqual({ csv });
    // A file the server refuses (here: an unknown product, or, before the import slice is merged,
    // a mutation the schema does not have yet) reads as "nothing imported" with the reason.
    await page.locator('.import-result [role="alert"]').getByText(/^Nothing was imported from sales\.csv: /).waitFor();
    const mutations = (await graphql(stack.gatewayUrl, 'query { __type(name: "Mutation") { fields { name } } }', {}, tokens.admin)).data.__type.fields.map((f: { name: string }) => f.name);
    if (!mutations.includes('importSales')) {
      console.warn('dashboard upload test: importSales is not in the schema yet (the import slice adds it); checked the request and the refusal only');
    } else {
      expect(await page.locator('table.import-problems tbody tr').count()).toBeGreaterThan(0);
    }
  });

  test('an ADMIN gets the queue board link; its sign-in page looks like the dashboard', async () => {
    await page.getByRole('link', { name: 'Queue board' }).waitFor();
    const planner = await browser.context.newPage();
    // A PLANNER in another tab would share this tab's sign-in; read the planner's view through its own origin state.
    await planner.goto(`${base}/dashboard#token=${tokens.planner}`);
    await planner.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await planner.waitForLoadState('networkidle');
    expect(await planner.getByRole('link', { name: 'Queue board' }).count()).toBe(0);
    await planner.goto(`${base}/admin/queues/login`);
    await planner.getByRole('heading', { level: 1, name: 'Queue board' }).waitFor();
    expect(await planner.locator('.topbar').evaluate((element) => getComputedStyle(element).display)).toBe('flex');
    expect(await seriousViolations(planner)).toEqual([]);
    await planner.screenshot({ path: join(SCREENSHOT_DIR, 'queue-board-login.png') });
    await planner.close();
    await page.goto(`${base}/dashboard#token=${tokens.admin}`);
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
  });

  for (const width of WIDTHS) {
    test(`at ${width} px: sign-in shows no signed-in chrome; no view scrolls sideways; axe finds nothing serious`, async () => {
      const sized = await browser.context.newPage();
      await sized.setViewportSize({ width, height: 900 });
      // Signed out first (the other tabs share the sign-in): the sign-in page, as after a sign-out.
      await sized.goto(`${base}/dashboard#/today`);
      await sized.evaluate(() => localStorage.clear());
      await sized.reload();
      await sized.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await visibleChrome(sized)).toEqual([]);
      expect((await sidewaysOverflow(sized)).overflow).toBeLessThanOrEqual(0);
      expect(await seriousViolations(sized)).toEqual([]);
      await sized.screenshot({ path: join(SCREENSHOT_DIR, `sign-in-${width}.png`), fullPage: true });

      await sized.getByLabel('Access token').fill(tokens.admin);
      await sized.getByRole('button', { name: 'Sign in' }).click();
      await sized.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
      const plan = await latestPlan();
      const views = ['today', 'stock', 'production', 'runs', 'forecasts', 'suppliers', 'notifications', 'settings', `order/${plan.id}/${plan.purchaseOrders[0].id}`];
      for (const view of views) {
        await sized.goto(`${base}/dashboard#/${view}`);
        await sized.locator('main section.view[aria-busy="false"]').waitFor();
        await sized.locator('main section.view h1').first().waitFor();
        const name = view.split('/')[0];
        const { overflow, sticking } = await sidewaysOverflow(sized);
        expect(overflow, `${name} at ${width} px scrolls sideways: ${sticking.join('; ')}`).toBeLessThanOrEqual(0);
        expect(await seriousViolations(sized), `${name} at ${width} px`).toEqual([]);
        await sized.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
      }
      await sized.close();
    }, 120_000); // nine views, each with an axe-core pass, on a slow CI machine
  }

  test('made no request beyond 127.0.0.1 and logged no error in the browser', () => {
    expect(browser.externalRequests).toEqual([]);
    // A GraphQL refusal answers 4xx, which Chromium reports on the console; anything else
    // (a script error, a Content-Security-Policy violation) is a bug.
    expect(browser.pageErrors.filter((message) => !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message))).toEqual([]);
  });
});

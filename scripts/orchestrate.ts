import { signToken } from '../platform/auth.ts';
import { parseCliArgs, usageError } from '../platform/cli-args.ts';
import { gatewayUrl, loadConfig } from '../platform/config.ts';
import { findTenantBySlug } from '../subgraphs/planning/repository/tenants.ts';
import { withCliDatabase } from './cli-database.ts';
import {
  OrchestrateRequestDocument,
  OrchestrateRunDocument,
  OrchestrateSummaryDocument,
  type OrchestrateRunStateFragment,
  type TypedDocumentString,
} from './generated/orchestrate.ts';

/**
 * `npm run orchestrate -- --tenant demo [--date YYYY-MM-DD] [--wait] [--timeout 300]`: asks the
 * gateway for a MANUAL run (requestOrchestration, with a PLANNER token signed here) and, with
 * --wait, follows it step by step and prints the plan it made.
 */
const USAGE = 'Usage: npm run orchestrate -- --tenant <slug> [--date YYYY-MM-DD] [--wait] [--timeout <seconds, default 300>]';

const { values } = parseCliArgs(USAGE, {
  tenant: { type: 'string' },
  date: { type: 'string' },
  wait: { type: 'boolean', default: false },
  timeout: { type: 'string', default: '300' },
});
if (!values.tenant) usageError('--tenant is required', USAGE);
if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) usageError('--date must be YYYY-MM-DD', USAGE);
const timeoutSeconds = Number(values.timeout);
if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) usageError('--timeout must be a number of seconds', USAGE);

const config = loadConfig();
const url = gatewayUrl(config);
const slug = values.tenant;
const tenant = await withCliDatabase(config, (db) => findTenantBySlug(db, slug));
if (!tenant) usageError(`no tenant with slug "${slug}" (npm run tenant -- list)`);
const token = await signToken({ userId: 'orchestrate-cli', tenantId: tenant.id, roles: ['PLANNER'] }, config.JWT_SECRET, '1h');

/** Sends one operation of orchestrate.graphql to the gateway; exits with the errors when it answers any. */
async function graphql<TResult, TVariables>(operation: TypedDocumentString<TResult, TVariables>, variables: TVariables): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: String(operation), variables }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    console.error(`Cannot reach the gateway at ${url} (${(error as Error).message}). Is \`npm start\` running?`);
    process.exit(1);
  }
  const body = (await response.json()) as { data?: TResult; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) {
    console.error(body.errors.map((error) => `${error.extensions?.code ?? 'ERROR'}: ${error.message}`).join('\n'));
    process.exit(1);
  }
  return body.data as TResult;
}

const { requestOrchestration: requested } = await graphql(OrchestrateRequestDocument, { input: values.date ? { planDate: values.date } : {} });
console.log(`Run ${requested.id} for ${tenant.slug}, plan date ${requested.planDate} (${requested.trigger}): ${requested.status}`);
if (!values.wait) process.exit(0);

const FINAL = new Set(['COMPLETED', 'FAILED', 'COMPENSATED']);
const seen = new Map<string, string>();
const describeStep = (step: OrchestrateRunStateFragment['steps'][number]) => {
  const parts = [`  ${step.name.padEnd(12)} ${step.status}`];
  if (step.durationMs !== null && step.status !== 'RUNNING') parts.push(`in ${step.durationMs} ms`);
  if (step.attempts > 0) parts.push(`(${step.attempts} ${step.attempts === 1 ? 'attempt' : 'attempts'})`);
  if (step.error) parts.push(`— ${step.error}`);
  return parts.join(' ');
};

const deadline = Date.now() + timeoutSeconds * 1000;
let run = requested;
for (;;) {
  for (const step of run.steps) {
    const key = `${step.status}/${step.attempts}`;
    if (seen.get(step.name) !== key && step.status !== 'PENDING') console.log(describeStep(step));
    seen.set(step.name, key);
  }
  if (FINAL.has(run.status)) break;
  if (Date.now() > deadline) {
    console.error(`Run ${run.id} is still ${run.status} after ${timeoutSeconds} s. Is the worker running (npm start or npm run worker)?`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const { orchestrationRun } = await graphql(OrchestrateRunDocument, { id: run.id });
  if (!orchestrationRun) {
    console.error(`Run ${run.id} disappeared.`);
    process.exit(1);
  }
  run = orchestrationRun;
}

console.log(`Run ${run.id} ${run.status}${run.durationMs !== null ? ` in ${run.durationMs} ms` : ''}.`);
if (run.status !== 'COMPLETED') {
  console.error(`Step ${run.failedStep} failed: ${run.error}`);
  process.exit(1);
}

const { orchestrationRun: made } = await graphql(OrchestrateSummaryDocument, { id: run.id });
if (!made) {
  console.error(`Run ${run.id} disappeared.`);
  process.exit(1);
}
const snapshot = made.snapshot;
if (snapshot) {
  console.log(
    `\nSnapshot: ${snapshot.ingredients} ingredients (${snapshot.lots} lots), ${snapshot.suppliers} suppliers (${snapshot.offers} offers), ` +
      `${snapshot.recipes} recipes, ${snapshot.products} products`,
  );
}
const batches = made.productionSchedule?.batches ?? [];
console.log(`Production: ${batches.length} batch lines over the horizon${batches.length ? `, first day ${batches[0].date}` : ''}`);
const plan = made.procurementPlan;
if (plan) {
  const lines = plan.purchaseOrders.reduce((sum, order) => sum + order.lines.length, 0);
  console.log(`Procurement plan ${plan.id} (${plan.status}): ${plan.purchaseOrders.length} purchase orders, ${lines} lines, total ${plan.totalCost.toFixed(2)}`);
  for (const order of plan.purchaseOrders) {
    const flag = order.belowMinimumOrderValue ? ' (below minimum order value)' : '';
    console.log(`  ${order.supplier.name}: order ${order.orderDate}, delivery ${order.deliveryDate}, ${order.total.toFixed(2)} ${order.supplier.currency}${flag}`);
    for (const line of order.lines) {
      console.log(`    ${line.urgent ? '! ' : '- '}${line.ingredient.name}: ${line.quantity} ${line.unit} (needed by ${line.neededBy}) — ${line.reason}`);
    }
  }
  for (const warning of plan.warnings) console.log(`  warning ${warning.code}: ${warning.message}`);
}
process.exit(0);

import type { GatewayTarget } from './gateway-client.ts';
import {
  GenerateForecastsDocument,
  GenerateProcurementPlanDocument,
  GenerateProductionScheduleDocument,
  OrchestrationSnapshotDocument,
  RecordSnapshotDocument,
  SendPlanNotificationsDocument,
  type SnapshotInput,
} from './generated/operations.ts';
import { SNAPSHOT_PAGE, SNAPSHOT_PAGE_SIZE, type Operation, type RunState, type SnapshotList, type SnapshotPage, type StepName } from './operations.ts';
import type { WebhookPayload, WebhookSender } from './webhook.ts';

/** What a step may use: the run as last read, and calls through the gateway for this tenant. */
export interface StepContext {
  tenantId: string;
  run: RunState;
  /** One gateway operation with retries; throws GatewayCallFailed when it gives up. */
  call<TResult, TVariables extends Record<string, unknown>>(target: GatewayTarget, name: string, operation: Operation<TResult, TVariables>, variables: TVariables): Promise<TResult>;
  /**
   * The step's own planning mutation, which records the step: like `call`, with `attempt` added to
   * `variables` on each try — the step's attempts so far, this try included.
   */
  record<TResult, TVariables extends StepVariables>(name: string, operation: Operation<TResult, TVariables>, variables: Omit<TVariables, 'attempt'>): Promise<TResult>;
  sendWebhook: WebhookSender;
}

/** The variables every step mutation takes: `attempt` is optional, and absent once the run is over. */
export type StepVariables = Record<string, unknown> & { attempt?: number | null };

/** What a step leaves: the run as its mutation answered it, and a note to keep on the step (a problem that did not fail it), or null. */
export interface StepOutcome {
  run: RunState;
  note: string | null;
}

export interface SagaStep {
  name: StepName;
  /**
   * Does the step's work, recorded on the run by its planning mutation. Must be safe to run again
   * for the same run (a redelivered job runs an unfinished step again): the planning mutations are
   * idempotent per run.
   */
  run(context: StepContext): Promise<StepOutcome>;
}

const SNAPSHOT_LISTS: readonly SnapshotList[] = ['ingredients', 'suppliers', 'recipes', 'products'];

/** Every record of one snapshot list: the first page's, then those of the pages after it. */
async function wholeList<List extends SnapshotList>(context: StepContext, list: List, first: SnapshotPage): Promise<unknown[]> {
  const records = first.edges.map((edge) => edge.node);
  let page = first;
  while (page.pageInfo.hasNextPage) {
    const next = await context.call('sources', `snapshot ${list}`, SNAPSHOT_PAGE[list], { first: SNAPSHOT_PAGE_SIZE, after: page.pageInfo.endCursor });
    page = next[list];
    records.push(...page.edges.map((edge) => edge.node));
  }
  return records;
}

/**
 * One gateway query for ingredients (with lots), suppliers (with offers), recipes and products:
 * one fetch per source subgraph. Bakeries with more than 5,000 of a kind need later pages of that
 * list only. recordSnapshot completes the step with the snapshot stored, so a run that has its
 * snapshot never reads the sources again.
 */
const snapshot: SagaStep = {
  name: 'snapshot',
  async run(context) {
    const takenAt = new Date().toISOString();
    const first = await context.call('sources', 'snapshot', OrchestrationSnapshotDocument, { first: SNAPSHOT_PAGE_SIZE });
    const lists = {} as Record<SnapshotList, unknown[]>;
    for (const list of SNAPSHOT_LISTS) lists[list] = await wholeList(context, list, first[list]);
    const answer = await context.record('recordSnapshot', RecordSnapshotDocument, {
      runId: context.run.id,
      snapshot: { takenAt, ...lists } as SnapshotInput,
    });
    return { run: answer.recordSnapshot, note: null };
  },
};

const forecast: SagaStep = {
  name: 'forecast',
  async run(context) {
    const answer = await context.record('generateForecasts', GenerateForecastsDocument, { runId: context.run.id });
    return { run: answer.generateForecasts, note: null };
  },
};

const production: SagaStep = {
  name: 'production',
  async run(context) {
    const answer = await context.record('generateProductionSchedule', GenerateProductionScheduleDocument, {
      runId: context.run.id,
    });
    return { run: answer.generateProductionSchedule.run, note: null };
  },
};

const procurement: SagaStep = {
  name: 'procurement',
  async run(context) {
    const answer = await context.record('generateProcurementPlan', GenerateProcurementPlanDocument, { runId: context.run.id });
    return { run: answer.generateProcurementPlan.run, note: null };
  },
};

/**
 * Writes the run's notification rows (planning; on a RUNNING run this records the notify step
 * RUNNING), then, when the tenant has a webhook, POSTs the run summary with retries. The webhook's
 * failure is the step's note: a receiver that is down does not undo a good plan.
 */
export async function sendNotifications(context: StepContext): Promise<StepOutcome> {
  const { sendPlanNotifications: answer } = await context.record('sendPlanNotifications', SendPlanNotificationsDocument, {
    runId: context.run.id,
  });
  const outcome = (note: string | null): StepOutcome => ({ run: answer.run, note });
  if (!answer.webhookUrl) return outcome(null);
  const plan = answer.run.procurementPlan;
  const event = answer.notifications.some((notification) => notification.kind === 'RUN_FAILED')
    ? 'orchestration.run_failed'
    : 'orchestration.plan_ready';
  const payload: WebhookPayload = {
    event,
    deliveryId: `${answer.run.id}:${event}`,
    tenantId: context.tenantId,
    run: {
      id: answer.run.id,
      planDate: answer.run.planDate,
      trigger: answer.run.trigger,
      status: answer.run.status,
      failedStep: answer.run.failedStep,
      error: answer.run.error,
    },
    procurementPlan: plan && {
      id: plan.id,
      status: plan.status,
      totalCost: plan.totalCost,
      currency: plan.currency,
      purchaseOrders: plan.purchaseOrders.length,
      lines: plan.lines.length,
      urgentLines: plan.lines.filter((line) => line.urgent).length,
      warnings: plan.warnings,
    },
    notifications: answer.notifications.map(({ kind, severity, title, message }) => ({ kind, severity, title, message })),
  };
  const delivery = await context.sendWebhook(answer.webhookUrl, payload);
  // "Not delivered" and nothing more: the receiver's status or the network error (or even the
  // number of tries, retried or not) would let a bakery probe the network behind Levain.
  return outcome(delivery.delivered ? null : 'webhook not delivered');
}

const notify: SagaStep = { name: 'notify', run: sendNotifications };

/** The saga's steps in pipeline order (DESIGN.md §4). */
export const STEPS: readonly SagaStep[] = [snapshot, forecast, production, procurement, notify];

import type { GatewayTarget } from './gateway-client.ts';
import {
  GENERATE_FORECASTS,
  GENERATE_PLAN,
  GENERATE_SCHEDULE,
  RECORD_SNAPSHOT,
  SEND_NOTIFICATIONS,
  SNAPSHOT,
  SNAPSHOT_PAGE,
  type RunState,
  type SnapshotList,
  type StepName,
} from './operations.ts';
import type { WebhookPayload, WebhookSender } from './webhook.ts';

/** What a step may use: the run as last read, and calls through the gateway for this tenant. */
export interface StepContext {
  tenantId: string;
  run: RunState;
  /** One gateway operation with retries; throws GatewayCallFailed when it gives up. */
  call<T>(target: GatewayTarget, name: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  /**
   * The step's own planning mutation, which records the step: like `call`, with `attempt` added to
   * `variables` on each try — the step's attempts so far, this try included.
   */
  record<T>(name: string, query: string, variables: Record<string, unknown>): Promise<T>;
  sendWebhook: WebhookSender;
}

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

type Connection<T> = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: T }[] };
type SnapshotAnswer = Record<SnapshotList, Connection<Record<string, unknown>>>;

const SNAPSHOT_LISTS: readonly SnapshotList[] = ['ingredients', 'suppliers', 'recipes', 'products'];

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
    const first = await context.call<SnapshotAnswer>('sources', 'snapshot', SNAPSHOT);
    const lists = {} as Record<SnapshotList, Record<string, unknown>[]>;
    for (const list of SNAPSHOT_LISTS) {
      let page = first[list];
      lists[list] = page.edges.map((edge) => edge.node);
      while (page.pageInfo.hasNextPage) {
        const next = await context.call<SnapshotAnswer>('sources', `snapshot ${list}`, SNAPSHOT_PAGE[list], { after: page.pageInfo.endCursor });
        page = next[list];
        lists[list].push(...page.edges.map((edge) => edge.node));
      }
    }
    const answer = await context.record<{ recordSnapshot: RunState }>('recordSnapshot', RECORD_SNAPSHOT, {
      runId: context.run.id,
      snapshot: { takenAt, ...lists },
    });
    return { run: answer.recordSnapshot, note: null };
  },
};

const forecast: SagaStep = {
  name: 'forecast',
  async run(context) {
    const answer = await context.record<{ generateForecasts: RunState }>('generateForecasts', GENERATE_FORECASTS, { runId: context.run.id });
    return { run: answer.generateForecasts, note: null };
  },
};

const production: SagaStep = {
  name: 'production',
  async run(context) {
    const answer = await context.record<{ generateProductionSchedule: { run: RunState } }>('generateProductionSchedule', GENERATE_SCHEDULE, {
      runId: context.run.id,
    });
    return { run: answer.generateProductionSchedule.run, note: null };
  },
};

const procurement: SagaStep = {
  name: 'procurement',
  async run(context) {
    const answer = await context.record<{ generateProcurementPlan: { run: RunState } }>('generateProcurementPlan', GENERATE_PLAN, { runId: context.run.id });
    return { run: answer.generateProcurementPlan.run, note: null };
  },
};

/** The run's plan as the webhook summarises it. */
type PlanSummary = NonNullable<RunState['procurementPlan']> & {
  totalCost: number;
  currency: string;
  purchaseOrders: { id: string; total: number }[];
  lines: { urgent: boolean }[];
  warnings: { code: string; message: string }[];
};

interface NotificationAnswer {
  sendPlanNotifications: {
    webhookUrl: string | null;
    notifications: { id: string; kind: string; severity: string; title: string; message: string }[];
    run: RunState & { procurementPlan: PlanSummary | null };
  };
}

/**
 * Writes the run's notification rows (planning; on a RUNNING run this records the notify step
 * RUNNING), then, when the tenant has a webhook, POSTs the run summary with retries. The webhook's
 * failure is the step's note: a receiver that is down does not undo a good plan.
 */
export async function sendNotifications(context: StepContext): Promise<StepOutcome> {
  const { sendPlanNotifications: answer } = await context.record<NotificationAnswer>('sendPlanNotifications', SEND_NOTIFICATIONS, {
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

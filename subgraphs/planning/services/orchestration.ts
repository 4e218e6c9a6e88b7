import { badUserInput, notFound, serviceUnavailable } from '../../../platform/errors.ts';
import type { Logger } from '../../../platform/logger.ts';
import { dateIn } from '../../../platform/time-zones.ts';
import type { OrchestrationRequests } from '../../../jobs/queues.ts';
import { addDays } from '../../../platform/time-zones.ts';
import type { PlanningRepository } from '../repository.ts';
import type { NewNotification, Notification } from '../repository/notifications.ts';
import type { OrchestrationRun } from '../repository/runs.ts';
import { reloadRun, startStep } from './runs.ts';

/** How far ahead a planner may ask for a plan, in days. */
export const MAX_REQUEST_DAYS_AHEAD = 30;

/**
 * A planner asks for a MANUAL run: the tenant's QUEUED or RUNNING manual run for that date if
 * there is one (so asking twice gives the same run), else a new QUEUED one; then its job is
 * enqueued (again: harmless, the job id is the run's); refused (BAD_USER_INPUT) when the bakery
 * already has MAX_OPEN_RUNS_PER_TENANT open runs. `planDate` defaults to today in the
 * bakery's time zone and may be up to 30 days ahead, never in the past: the snapshot is today's
 * stock.
 */
export async function requestManualRun(
  repository: PlanningRepository,
  queues: OrchestrationRequests | undefined,
  requestedDate: string | undefined,
  logger: Logger,
): Promise<OrchestrationRun> {
  if (!queues) {
    throw serviceUnavailable('Runs cannot be requested from this service: it has no job queue (start it with REDIS_URL, or use npm start)');
  }
  const schedule = await repository.settings.findSchedule();
  if (!schedule) throw notFound('The tenant of this token does not exist');
  const today = dateIn(schedule.timezone);
  const planDate = requestedDate ?? today;
  const latest = addDays(today, MAX_REQUEST_DAYS_AHEAD);
  if (planDate < today || planDate > latest) {
    throw badUserInput(`input.planDate must be between today (${today}, ${schedule.timezone}) and ${latest}, got ${planDate}`, {
      field: 'input.planDate',
    });
  }
  const opened = await repository.runs.openManualRun(planDate, queues.maxOpenRunsPerTenant);
  if ('refused' in opened) {
    // Issue 12, finding 6: one planner's batch of runs held every worker slot.
    throw badUserInput(
      `This bakery already has ${opened.refused} open runs (QUEUED or RUNNING); at most ${queues.maxOpenRunsPerTenant} may be open at once. ` +
        'Request this one when one of them has finished.',
      { field: 'input.planDate', openRuns: opened.refused, limit: queues.maxOpenRunsPerTenant },
    );
  }
  const { run, created } = opened;
  try {
    await queues.enqueueManualRun(repository.tenantId, run.id);
  } catch (error) {
    logger.error({ err: error, runId: run.id }, 'could not enqueue a manual run');
    throw serviceUnavailable(
      `Run ${run.id} for ${planDate} is recorded as QUEUED, but the job queue is unavailable. ` +
        'Request it again in a moment: the same run will be queued.',
    );
  }
  logger.info({ runId: run.id, planDate, created }, created ? 'manual run requested' : 'manual run already open; re-queued');
  return run;
}

/** What `sendPlanNotifications` answers. */
export interface PlanNotifications {
  run: OrchestrationRun;
  notifications: Notification[];
  /** The tenant's webhook, for the worker to POST the run summary to; null when none. */
  webhookUrl: string | null;
}

const number = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The notification a run with a plan makes: what to buy, what needs attention. */
async function planReady(repository: PlanningRepository, run: OrchestrationRun): Promise<NewNotification> {
  const [plan] = await repository.procurement.findPlansByRunIds([run.id]);
  if (!plan) throw badUserInput(`Run ${run.id} has no procurement plan yet; notifications follow the procurement step`);
  const [orders, lines] = await Promise.all([
    repository.purchaseOrders.findByPlanIds([plan.id]),
    repository.purchaseOrders.findLinesByPlanIds([plan.id]),
  ]);
  const urgent = lines.filter((line) => line.urgent).length;
  const warningCounts = new Map<string, number>();
  for (const warning of plan.warnings) warningCounts.set(warning.code, (warningCounts.get(warning.code) ?? 0) + 1);
  const warnings = [...warningCounts].map(([code, count]) => `${count} ${code}`).join(', ');
  const attention = urgent > 0 || warningCounts.has('STOCKOUT_RISK') || warningCounts.has('LATE_DELIVERY');
  const parts = [
    orders.length === 0
      ? 'Nothing to order.'
      : `${plural(orders.length, 'purchase order')}, ${plural(lines.length, 'line')}, total ${number.format(plan.totalCost)} ${plan.currency}.`,
    urgent > 0 ? `${plural(urgent, 'urgent line')} (no supplier can deliver in time).` : '',
    plan.warnings.length > 0 ? `Warnings: ${warnings}.` : '',
    'Review and approve the plan.',
  ];
  return {
    kind: 'PLAN_READY',
    severity: attention ? 'WARNING' : 'INFO',
    title: `Plan for ${longDate(run.planDate)} ready`,
    message: parts.filter(Boolean).join(' '),
  };
}

function runFailed(run: OrchestrationRun): NewNotification {
  const undone = run.status === 'COMPENSATED' ? ' Its draft schedule and plan were cancelled.' : '';
  const message = `The ${run.trigger.toLowerCase()} run failed at step ${run.failedStep ?? 'unknown'}: ${run.error ?? 'no detail'}.${undone}`;
  return {
    kind: 'RUN_FAILED',
    severity: 'ERROR',
    title: `Run for ${longDate(run.planDate)} failed`,
    message: message.length > 4000 ? `${message.slice(0, 3999)}…` : message,
  };
}

/**
 * Writes the notification of a run — PLAN_READY once it has a procurement plan, RUN_FAILED once
 * it ended FAILED or COMPENSATED — and returns the run's notifications with the tenant's webhook.
 * Idempotent: one notification per run and kind.
 */
export async function sendPlanNotifications(repository: PlanningRepository, runId: string, attempt: number | null): Promise<PlanNotifications> {
  let [run] = await repository.runs.findByIds([runId]);
  if (!run) throw notFound(`No orchestration run ${runId} in this bakery`);
  let notification: NewNotification;
  if (run.status === 'FAILED' || run.status === 'COMPENSATED') notification = runFailed(run);
  else if (run.status === 'QUEUED') throw badUserInput(`Run ${run.id} is QUEUED; notifications follow the procurement step`);
  else notification = await planReady(repository, run);
  const notifications = await repository.notifications.insertForRun(run.id, [notification]);
  // The notify step goes on at the worker (the webhook); finishing the run completes it.
  if (run.status === 'RUNNING') {
    await startStep(repository, runId, { name: 'notify', attempt });
    run = await reloadRun(repository, runId);
  }
  const settings = await repository.settings.find();
  return { run, notifications, webhookUrl: settings?.webhookUrl ?? null };
}

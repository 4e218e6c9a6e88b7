import { badUserInput } from '../../../platform/errors.ts';
import { addDays, dateIn } from '../../../platform/time-zones.ts';
import { diffDays } from '../engine/dates.ts';
import { measuredSuppliers } from './supplier-performance.ts';
import { CANDIDATE_LOOKBACK_DAYS, forecast, planProcurement, planProduction, PlanningInputError } from '../engine/index.ts';
import { forecastProducts, procurementInput, productionInputs, salesCalendar, snapshotFromStored } from '../engine-inputs.ts';
import type { PlanningRepository } from '../repository.ts';
import type { ProcurementPlan } from '../repository/procurement.ts';
import type { ProductionSchedule } from '../repository/production.ts';
import type { OrchestrationRun } from '../repository/runs.ts';
import type { PlanningSettings } from '../repository/settings.ts';
import { MAX_LEAD_TIME_DAYS, type PlanningSnapshot } from '../snapshot.ts';
import { assertRunOpen, reloadRun, runStage } from './runs.ts';
import { supersedeOlderDrafts } from './superseding.ts';

/**
 * The pipeline's stages: each loads what the run stored before (never the other subgraphs),
 * calls the pure engine and stores the result in one transaction, which also records the stage's
 * saga step (`runStage`). `attempt` is the worker's try of the step (null: count one).
 *
 * Idempotency. Every stage runs holding the run's row lock (`runStage`) and first looks
 * for its own result: when the run has it, the stage returns it and writes nothing. Two
 * concurrent calls for one run therefore take turns, and the second finds what the first
 * committed. The unique constraints on run_id (snapshots, forecast_sets, production_schedules,
 * procurement_plans) back this up: even a caller that skipped the lock could not store a
 * second result for a run.
 */

/** Days of sales history a forecast reads: 52 weeks before the plan date. */
export const FORECAST_HISTORY_DAYS = 364;

/** Runs an engine stage; a broken engine contract is the snapshot's fault, reported to the caller. */
function runEngine<T>(stage: () => T): T {
  try {
    return stage();
  } catch (error) {
    if (error instanceof PlanningInputError) throw badUserInput(`The run's snapshot cannot be planned: ${error.message}`);
    throw error;
  }
}

async function loadSnapshot(repository: PlanningRepository, run: OrchestrationRun): Promise<PlanningSnapshot> {
  const document = await repository.snapshots.findData(run.id);
  if (document === undefined) throw badUserInput(`Run ${run.id} has no snapshot yet; record it with recordSnapshot first`);
  return snapshotFromStored(document);
}

async function loadSettings(repository: PlanningRepository): Promise<PlanningSettings> {
  const settings = await repository.settings.find();
  if (!settings) throw new Error(`tenant ${repository.tenantId} has no planning settings`);
  return settings;
}

/**
 * The day the run's stock is on hand: the snapshot's day in the bakery's time zone. A run for a
 * later date forecasts and projects from it; a run for an earlier date (a re-run of a past day)
 * plans from its own date.
 */
function stockDateOf(run: OrchestrationRun, snapshot: PlanningSnapshot, settings: PlanningSettings): string {
  const takenOn = dateIn(settings.timezone, new Date(snapshot.takenAt));
  return takenOn < run.planDate ? takenOn : run.planDate;
}

/** Stores the run's snapshot unless it has one (then the run is returned unchanged). */
export async function recordSnapshot(
  repository: PlanningRepository,
  runId: string,
  snapshot: PlanningSnapshot,
  attempt: number | null,
): Promise<OrchestrationRun> {
  await runStage(repository, runId, { name: 'snapshot', attempt }, async (transaction, run) => {
    const [existing] = await transaction.snapshots.findSummariesByRunIds([runId]);
    if (existing) return;
    assertRunOpen(run, 'recording a snapshot');
    await transaction.snapshots.insert(runId, snapshot);
  });
  return reloadRun(repository, runId);
}

/**
 * Forecasts the snapshot's products over the tenant's horizon from its sales history. Each
 * product's method is chosen by the candidates' accumulated accuracy once there is enough of it
 * (their kept forecasts of the last CANDIDATE_LOOKBACK_DAYS days, read in one query), else by a
 * held-out window; every candidate's forecast of the first open day is kept for the runs to come,
 * and candidate forecasts older than the lookback are deleted.
 */
export async function generateForecasts(repository: PlanningRepository, runId: string, attempt: number | null): Promise<OrchestrationRun> {
  await runStage(repository, runId, { name: 'forecast', attempt }, async (transaction, run) => {
    if (await transaction.forecasts.findSet(runId)) return;
    assertRunOpen(run, 'forecasting');
    const snapshot = await loadSnapshot(transaction, run);
    const settings = await loadSettings(transaction);
    const { horizonDays } = settings;
    // Forecasts start on the stock date, so a run for a later date also knows the demand that eats its opening stock.
    const origin = stockDateOf(run, snapshot, settings);
    const lookbackStart = addDays(origin, -CANDIDATE_LOOKBACK_DAYS);
    const sales = await transaction.sales.find({ from: addDays(origin, -FORECAST_HISTORY_DAYS), to: addDays(origin, -1) });
    const scored = await transaction.candidateForecasts.findScored({ from: lookbackStart, to: addDays(origin, -1) });
    const days = diffDays(origin, run.planDate) + horizonDays;
    const result = runEngine(() => forecast(forecastProducts(snapshot), sales, origin, days, salesCalendar(settings), scored));
    await transaction.forecasts.insert({ runId, planDate: run.planDate, horizonDays, warnings: result.warnings }, result.forecasts, result.choices);
    await transaction.candidateForecasts.insert(runId, result.candidates);
    await transaction.candidateForecasts.deleteBefore(lookbackStart);
  });
  return reloadRun(repository, runId);
}

/** Batches and ingredient requirements from the run's stored forecasts and snapshot recipes. */
export async function generateProductionSchedule(repository: PlanningRepository, runId: string, attempt: number | null): Promise<ProductionSchedule> {
  return runStage(repository, runId, { name: 'production', attempt }, async (transaction, run) => {
    const [existing] = await transaction.production.findSchedulesByRunIds([runId]);
    if (existing) return existing;
    assertRunOpen(run, 'scheduling production');
    const forecastSet = await transaction.forecasts.findSet(runId);
    if (!forecastSet) throw badUserInput(`Run ${runId} has no forecasts yet; call generateForecasts first`);
    const snapshot = await loadSnapshot(transaction, run);
    const inputs = productionInputs(snapshot, await transaction.forecasts.findByRunIds([runId]));
    const result = runEngine(() => planProduction(inputs.forecasts, inputs.recipes, inputs.ingredients));
    // The schedule bakes from the plan date on; requirements keep the days before it (a run for a later date),
    // which procurement projects the opening stock through.
    const schedule = await transaction.production.insertSchedule(
      { runId, planDate: run.planDate, horizonDays: forecastSet.horizonDays, warnings: [...forecastSet.warnings, ...inputs.warnings, ...result.warnings] },
      result.batches.filter((batch) => batch.date >= run.planDate),
      result.requirements,
    );
    return schedule;
  });
}

/**
 * Purchase orders for the run's horizon from the schedule's requirements, the snapshot's
 * stock, suppliers and offers, the tenant's current settings, and the lines of SUBMITTED
 * purchase orders as scheduled receipts. The plan is in the bakery's currency, and supersedes
 * the older drafts of its plan date (services/superseding.ts).
 */
export async function generateProcurementPlan(repository: PlanningRepository, runId: string, attempt: number | null): Promise<ProcurementPlan> {
  return runStage(repository, runId, { name: 'procurement', attempt }, async (transaction, run) => {
    const [existing] = await transaction.procurement.findPlansByRunIds([runId]);
    if (existing) return existing;
    assertRunOpen(run, 'planning procurement');
    const [schedule] = await transaction.production.findSchedulesByRunIds([runId]);
    if (!schedule) throw badUserInput(`Run ${runId} has no production schedule yet; call generateProductionSchedule first`);
    if (schedule.status === 'CANCELLED') {
      throw badUserInput(`The production schedule ${schedule.id} of run ${runId} is CANCELLED; nothing can be planned from it`);
    }
    const snapshot = await loadSnapshot(transaction, run);
    const settings = await loadSettings(transaction);
    const requirements = await transaction.production.findRequirementsByScheduleIds([schedule.id]);
    // A projection can run past the horizon, to an ingredient's earliest possible delivery (lead times ≤ 365 days).
    const projectionEnd = addDays(run.planDate, schedule.horizonDays + MAX_LEAD_TIME_DAYS + 7);
    const scheduledReceipts = await transaction.purchaseOrders.findScheduledReceipts(projectionEnd);
    const stockDate = stockDateOf(run, snapshot, settings);
    const { input, warnings: inputWarnings } = procurementInput({
      snapshot,
      planDate: run.planDate,
      stockDate,
      supplierPerformance: await measuredSuppliers(transaction, { asOf: stockDate }),
      horizonDays: schedule.horizonDays,
      settings,
      requirements,
      scheduledReceipts,
      batches: await transaction.production.findBatchesByScheduleIds([schedule.id]),
    });
    const result = runEngine(() => planProcurement(input));
    const plan = await transaction.procurement.insertPlan(
      {
        runId,
        planDate: run.planDate,
        horizonDays: schedule.horizonDays,
        currency: settings.currency,
        warnings: [...schedule.warnings, ...inputWarnings, ...result.warnings],
      },
      result,
    );
    await transaction.purchaseOrders.insertForPlan(plan.id, result.purchaseOrders);
    await supersedeOlderDrafts(transaction, run.planDate);
    // Re-read: when a newer run already planned this date, the new plan is SUPERSEDED at once.
    const [stored] = await transaction.procurement.findPlansByRunIds([runId]);
    return stored;
  });
}

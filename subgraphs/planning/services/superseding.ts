import type { PlanningRepository } from '../repository.ts';

/**
 * One plan per plan date is current: the plan of the newest run (by its start) among the plans
 * of that date that are not CANCELLED. Every older DRAFT plan of the date — and its run's DRAFT
 * schedule — is SUPERSEDED by it, so a planner never approves or submits yesterday's idea of
 * today. A plan a planner acted on (APPROVED, or with an order SUBMITTED or RECEIVED) is theirs
 * and stays as it is.
 *
 * Both functions run inside the caller's transaction (a repository bound to it) and take the plan date's advisory lock
 * first (repository/procurement.ts `lockPlanDate`), so concurrent runs of one date take turns.
 */

/** Supersedes the DRAFT plans of `planDate` older than its current plan (and their schedules). */
export async function supersedeOlderDrafts(transaction: PlanningRepository, planDate: string): Promise<void> {
  await transaction.procurement.lockPlanDate(planDate);
  const [current, ...older] = await transaction.procurement.lockLivePlansOfDate(planDate);
  if (!current) return;
  const drafts = older.filter((plan) => plan.status === 'DRAFT').map((plan) => plan.id);
  const sent = await transaction.purchaseOrders.findPlansWithSentOrders(drafts);
  const runIds = await transaction.procurement.markPlansSuperseded(drafts.filter((id) => !sent.has(id)), current.id);
  await transaction.production.setScheduleStatusOfRuns(runIds, 'DRAFT', 'SUPERSEDED');
}

/**
 * After the DRAFT plan `planId` of `planDate` is cancelled (a compensation), the drafts it had
 * superseded come back, and the newest of them supersedes the rest again: a run that failed
 * after planning must not leave the bakery without a plan for that day.
 */
export async function restoreSupersededBy(transaction: PlanningRepository, planId: string, planDate: string): Promise<void> {
  await transaction.procurement.lockPlanDate(planDate);
  const runIds = await transaction.procurement.unmarkPlansSupersededBy(planId);
  await transaction.production.setScheduleStatusOfRuns(runIds, 'SUPERSEDED', 'DRAFT');
  if (runIds.length > 0) await supersedeOlderDrafts(transaction, planDate);
}

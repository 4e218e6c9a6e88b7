import type { Db } from '../../../db/client.ts';
import { insertRun, type OrchestrationRun } from './runs.ts';

/**
 * The MANUAL run a planner's request stands for: the tenant's QUEUED or RUNNING manual run for
 * `planDate` if there is one, else a new QUEUED run keyed `manual:<planDate>:<n>` (n = 1 + the
 * manual runs that date already had) — unless the tenant already has `maxOpenRuns` open runs
 * (QUEUED or RUNNING, any trigger): then `{ refused: openRuns }` and nothing is written. A
 * transaction-scoped advisory lock per tenant makes concurrent requests take turns, so they all
 * get the same run and together never pass the cap.
 */
export async function openManualRun(
  db: Db,
  tenantId: string,
  planDate: string,
  maxOpenRuns: number,
): Promise<{ run: OrchestrationRun; created: boolean } | { refused: number }> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`levain:manual-run:${tenantId}`]);
    const runs: { id: string; status: string; idempotency_key: string }[] = await trx('planning.orchestration_runs')
      .where({ tenant_id: tenantId, plan_date: planDate, trigger: 'MANUAL' })
      .select('id', 'status', 'idempotency_key');
    const open = runs.find((run) => run.status === 'QUEUED' || run.status === 'RUNNING');
    if (!open) {
      const [{ count }] = await trx('planning.orchestration_runs')
        .where({ tenant_id: tenantId })
        .whereIn('status', ['QUEUED', 'RUNNING'])
        .count({ count: '*' });
      if (Number(count) >= maxOpenRuns) return { refused: Number(count) };
    }
    const idempotencyKey = open ? open.idempotency_key : `manual:${planDate}:${runs.length + 1}`;
    return insertRun(trx as unknown as Db, tenantId, { planDate, trigger: 'MANUAL', idempotencyKey });
  });
}

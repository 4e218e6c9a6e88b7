import type { Logger } from '../../platform/logger.ts';
import type { OrchestrationRequests } from '../../jobs/queues.ts';

/**
 * A movement took an ingredient below its reorder point: asks for an EVENT orchestration run
 * for the tenant. The queue deduplicates per tenant over EVENT_RUN_WINDOW_SECONDS, so a morning
 * of consumptions makes one run, not one per movement. The movement is already recorded, so a
 * queue that is away (or absent) is logged and never fails the mutation.
 */
export async function requestReorderRun(
  queues: OrchestrationRequests | undefined,
  tenantId: string,
  ingredientId: string,
  logger: Logger,
): Promise<void> {
  if (!queues) return;
  try {
    const { jobId, deduplicated } = await queues.enqueueEventRun(tenantId);
    logger.info({ ingredientId, jobId, deduplicated }, deduplicated ? 'reorder point crossed; an event run is already queued' : 'reorder point crossed; event run queued');
  } catch (error) {
    logger.error({ err: error, ingredientId }, 'reorder point crossed, but the event run could not be queued');
  }
}

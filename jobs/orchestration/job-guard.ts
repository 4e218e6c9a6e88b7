import { z } from 'zod';
import type { OrchestrationJobData } from '../queues.ts';
import { GatewayCallFailed, type GatewayClient } from './gateway-client.ts';

/**
 * The worker signs a SERVICE token for whatever tenant a job names, so a job is checked before
 * anything runs for it (issue 12, finding 3: whoever could write to Redis ran pipelines as any
 * bakery). A job that fails a check is {@link JobRefused}: failed for good, logged, nothing run.
 */

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID');

/** The payloads jobs/queues.ts makes, and nothing else (no extra keys). */
const JobData = z.discriminatedUnion('trigger', [
  z.object({ trigger: z.literal('SCHEDULED'), tenantId: uuid }).strict(),
  z.object({ trigger: z.literal('MANUAL'), tenantId: uuid, runId: uuid }).strict(),
  z.object({ trigger: z.literal('EVENT'), tenantId: uuid }).strict(),
]);

/** A job that must not run: its payload is not one Levain makes, its tenant does not exist, or its run is not that tenant's. */
export class JobRefused extends Error {
  constructor(reason: string) {
    super(`job refused, nothing run: ${reason}`);
    this.name = 'JobRefused';
  }
}

const VET_TENANT = 'query VetOrchestrationTenant { tenant { id } }';
const VET_MANUAL_RUN = 'query VetOrchestrationRun($id: ID!) { tenant { id } orchestrationRun(id: $id) { id trigger } }';

/**
 * Checks one job through the gateway with the tenant's SERVICE token: the payload is well-formed
 * and its trigger known; the tenant exists (the gateway refuses a token of an unknown tenant); a
 * MANUAL job's run is a MANUAL run of that tenant (another bakery's run reads as null). Throws
 * {@link JobRefused}; a gateway that cannot answer right now throws its error (the job is retried).
 */
export async function vetJob(data: unknown, gateway: GatewayClient): Promise<OrchestrationJobData> {
  const parsed = JobData.safeParse(data);
  if (!parsed.success) {
    throw new JobRefused(`malformed payload (${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'data'}: ${issue.message}`).join('; ')})`);
  }
  const job = parsed.data;
  try {
    if (job.trigger === 'MANUAL') {
      const { data: answer } = await gateway.request<{ orchestrationRun: { id: string; trigger: string } | null }>({
        tenantId: job.tenantId,
        target: 'planning',
        name: 'vetOrchestrationJob',
        query: VET_MANUAL_RUN,
        variables: { id: job.runId },
      });
      if (answer.orchestrationRun?.trigger !== 'MANUAL') throw new JobRefused(`run ${job.runId} is not a manual run of tenant ${job.tenantId}`);
    } else {
      await gateway.request({ tenantId: job.tenantId, target: 'planning', name: 'vetOrchestrationJob', query: VET_TENANT });
    }
  } catch (error) {
    if (error instanceof GatewayCallFailed && !error.transient) throw new JobRefused(`tenant ${job.tenantId}: ${error.message}`);
    throw error;
  }
  return job;
}

import { z } from 'zod';
import type { OrchestrationJobData } from '../queues.ts';

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

/**
 * Checks a job's payload (the first check, before any call). The others ride on the saga's first
 * call, so vetting costs no gateway call of its own (issue 15): the tenant exists (the gateway
 * refuses a token of an unknown tenant when the saga starts or reads the run), and a MANUAL job's
 * run is a MANUAL run of that tenant (saga.ts, `openRun`). Throws {@link JobRefused}.
 */
export function parseJobData(data: unknown): OrchestrationJobData {
  const parsed = JobData.safeParse(data);
  if (!parsed.success) {
    throw new JobRefused(`malformed payload (${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'data'}: ${issue.message}`).join('; ')})`);
  }
  return parsed.data;
}

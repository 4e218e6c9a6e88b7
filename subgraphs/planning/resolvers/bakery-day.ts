import { notFound } from '../../../platform/errors.ts';
import { dateIn } from '../../../platform/time-zones.ts';
import type { PlanningContext } from '../context.ts';

/** Today, YYYY-MM-DD, in the caller's bakery's time zone (its stored one, not the server's nor a header's). */
export async function bakeryToday(context: PlanningContext): Promise<string> {
  const tenant = await context.loaders.tenantById.load(context.caller.tenantId);
  if (!tenant) throw notFound('The tenant of this token does not exist');
  return dateIn(tenant.timezone);
}

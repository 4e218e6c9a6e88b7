import type { Caller } from '../../../platform/auth.ts';
import type { Db } from '../../../db/client.ts';
import { PlanningRepository } from '../repository.ts';

/** The planning repository of the request's caller: bound to the caller's tenant (from the verified token). */
export function repositoryOf(context: { db: Db; caller: Caller }): PlanningRepository {
  return new PlanningRepository(context.db, context.caller.tenantId);
}

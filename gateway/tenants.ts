import type { GraphQLError } from 'graphql';
import type { Logger } from '../platform/logger.ts';
import { askPlanning, TenantDirectory as Directory } from '../platform/tenant-directory.ts';
import { graphqlRuntime } from './graphql-runtime.ts';

export type { KnownTenant } from '../platform/tenant-directory.ts';

/** The gateway cannot tell whether a tenant exists right now (planning down, no cached answer). */
export function tenantLookupUnavailable(): GraphQLError {
  return new graphqlRuntime.GraphQLError('Levain cannot check this token right now; try again shortly', {
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
  });
}

/** The gateway's tenant directory: planning asked with the caller's token, answers remembered (platform/tenant-directory.ts). */
export class TenantDirectory extends Directory {
  /**
   * @param planningUrl GraphQL URL of the planning subgraph
   * @param ttlMs how long an existing tenant is remembered (0 = ask every time)
   */
  constructor(planningUrl: string, ttlMs: number, logger: Logger) {
    super(askPlanning(planningUrl), ttlMs, logger, tenantLookupUnavailable);
  }
}

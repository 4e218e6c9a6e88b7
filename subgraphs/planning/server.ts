import type { SubgraphDefinition } from '../subgraph-server.ts';
import { createPlanningLoaders, type PlanningLoaders } from './loaders.ts';
import { planningResolvers } from './resolvers/index.ts';
import { findTenantsByIds } from './repository/tenants.ts';

export const planningSubgraph: SubgraphDefinition<PlanningLoaders> = {
  name: 'planning',
  schemaUrl: new URL('./schema/', import.meta.url),
  resolvers: planningResolvers,
  createLoaders: createPlanningLoaders,
  // Planning owns tenants: its mutations check the caller's tenant in its own table.
  async findTenant(db, tenantId) {
    const [tenant] = await findTenantsByIds(db, [tenantId]);
    return tenant ? { timezone: tenant.timezone } : null;
  },
};

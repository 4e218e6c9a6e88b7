import type { Knex } from 'knex';
import type { Db } from './client.ts';

/**
 * The base of every tenant-bound repository: bound to one tenant (and to a transaction, when
 * given one), every statement it runs filters by that tenant, so no caller reaches another
 * bakery's rows.
 */
export abstract class TenantRepository {
  constructor(
    protected readonly db: Db | Knex.Transaction,
    readonly tenantId: string,
  ) {}

  /** The tenant's rows of `table` (`'schema.table'`, optionally `as alias`). */
  protected rowsOf(table: string): Knex.QueryBuilder {
    const alias = table.split(' as ')[1];
    return this.db(table).where(alias ? `${alias}.tenant_id` : 'tenant_id', this.tenantId);
  }
}

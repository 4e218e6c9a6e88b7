import type { Knex } from 'knex';
import type { Db } from '../../db/client.ts';
import { IngredientsRepository } from './repository/ingredients.ts';
import { PostingsRepository } from './repository/postings.ts';
import { StockRepository } from './repository/stock.ts';

/**
 * The only door to the `inventory` schema, one repository per aggregate (repository/), all bound
 * to one tenant: every statement filters by that tenant, so no caller can reach another
 * bakery's rows. Batch reads take any number of ids as one `= any(?::uuid[])` parameter: one
 * statement per call, whatever the number of ids.
 */
export class InventoryRepository {
  readonly ingredients: IngredientsRepository;
  readonly stock: StockRepository;
  readonly postings: PostingsRepository;

  constructor(
    private readonly db: Db | Knex.Transaction,
    readonly tenantId: string,
  ) {
    this.ingredients = new IngredientsRepository(db, tenantId);
    this.stock = new StockRepository(db, tenantId);
    this.postings = new PostingsRepository(db, tenantId);
  }

  /** Runs `work` in one transaction, with repositories bound to it (same tenant). */
  transaction<T>(work: (repository: InventoryRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => work(new InventoryRepository(trx, this.tenantId)));
  }
}

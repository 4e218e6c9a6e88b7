import { TenantRepository } from '../../../db/tenant-repository.ts';
import { countSnapshot, type PlanningSnapshot, type SnapshotCounts } from '../snapshot.ts';

/** SnapshotSummary: when a run's snapshot was taken and how much it holds. */
export interface SnapshotSummary extends SnapshotCounts {
  runId: string;
  takenAt: Date;
}

interface SummaryRow {
  run_id: string;
  taken_at: Date;
  ingredient_count: number;
  lot_count: number;
  supplier_count: number;
  offer_count: number;
  recipe_count: number;
  product_count: number;
}

const SNAPSHOTS = 'planning.snapshots';

function toSummary(row: SummaryRow): SnapshotSummary {
  return {
    runId: row.run_id,
    takenAt: row.taken_at,
    ingredients: row.ingredient_count,
    lots: row.lot_count,
    suppliers: row.supplier_count,
    offers: row.offer_count,
    recipes: row.recipe_count,
    products: row.product_count,
  };
}

/** The tenant's runs' snapshots (`planning.snapshots`): the document each run plans from, with its counts. */
export class SnapshotsRepository extends TenantRepository {
  /** Stores a run's snapshot with its counts (inside the run's lock; the run has none yet). */
  async insert(runId: string, snapshot: PlanningSnapshot): Promise<void> {
    const counts = countSnapshot(snapshot);
    await this.db(SNAPSHOTS).insert({
      tenant_id: this.tenantId,
      run_id: runId,
      taken_at: snapshot.takenAt,
      ingredient_count: counts.ingredients,
      lot_count: counts.lots,
      supplier_count: counts.suppliers,
      offer_count: counts.offers,
      recipe_count: counts.recipes,
      product_count: counts.products,
      data: JSON.stringify(snapshot),
    });
  }

  /** The stored snapshot document of a run, as written (engine-inputs.ts reads it). */
  async findData(runId: string): Promise<unknown> {
    const row: { data: unknown } | undefined = await this.db(SNAPSHOTS).where({ tenant_id: this.tenantId, run_id: runId }).first('data');
    return row?.data;
  }

  /** Snapshot summaries of many runs in one query (the document itself is not read). */
  async findSummariesByRunIds(runIds: readonly string[]): Promise<SnapshotSummary[]> {
    if (runIds.length === 0) return [];
    const rows: SummaryRow[] = await this.rowsOf(SNAPSHOTS)
      .whereRaw('run_id = any(?::uuid[])', [[...runIds]])
      .select('run_id', 'taken_at', 'ingredient_count', 'lot_count', 'supplier_count', 'offer_count', 'recipe_count', 'product_count');
    return rows.map(toSummary);
  }
}

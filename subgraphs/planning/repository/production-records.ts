import type { Unit } from '../engine/index.ts';
import { rowMapper, type RowOf } from '../../../db/rows.ts';
import { findByUuids } from '../../../db/find-by-ids.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';

/** What a bakery baked on one day (recordProduction), one per day. */
export interface ProductionRecord {
  id: string;
  /** YYYY-MM-DD. */
  date: string;
  /** The schedule whose day this closes (the current schedule for the date when recorded); null when none. */
  scheduleId: string | null;
  allowShortage: boolean;
  /** What the batches use, per ingredient, in its unit (3 decimals). */
  consumption: IngredientConsumption[];
  /** Ingredients the stock could not cover when recorded (only with allowShortage). */
  shortages: IngredientShortage[];
  /** SHA-256 of the input, to tell a retried call from another record of the day. */
  contentHash: string;
  recordedBy: string;
  recordedAt: Date;
}

/** What a record's batches use of one ingredient, in its unit (3 decimals). */
export interface IngredientConsumption {
  ingredientId: string;
  quantity: number;
  unit: Unit;
}

/** An ingredient the stock could not cover when the record was made, in its unit. */
export interface IngredientShortage {
  ingredientId: string;
  needed: number;
  onHand: number;
  unit: Unit;
}

/** One product of a record: planned (the schedule's batches that day) against baked. */
export interface ProductionRecordLine {
  recordId: string;
  productId: string;
  recipeId: string | null;
  plannedBatches: number;
  actualBatches: number;
}

type RecordRow = RowOf<ProductionRecord>;

const RECORDS = 'planning.production_records';
const LINES = 'planning.production_record_lines';
/** One record per bakery and day (db/migrations/010_receiving_and_baking.ts). */
export const RECORD_DATE_CONSTRAINT = 'production_records_tenant_date_key';

const toRecord = rowMapper<ProductionRecord>({
  id: true, date: true, scheduleId: true, allowShortage: true, consumption: true, shortages: true, contentHash: true,
  recordedBy: true, recordedAt: true,
});

const toLine = rowMapper<ProductionRecordLine>({
  recordId: true, productId: true, recipeId: true, plannedBatches: true, actualBatches: true,
});

/** The tenant's production records (`planning.production_records`, one per day) and their lines. */
export class ProductionRecordsRepository extends TenantRepository {
  async findByDate(date: string): Promise<ProductionRecord | undefined> {
    const row: RecordRow | undefined = await this.db(RECORDS).where({ tenant_id: this.tenantId, date }).first();
    return row && toRecord(row);
  }

  /** Stores a record and its lines (two statements). A second record of the day violates {@link RECORD_DATE_CONSTRAINT}. */
  async insert(
    record: Omit<ProductionRecord, 'id' | 'recordedAt'>,
    lines: readonly Omit<ProductionRecordLine, 'recordId'>[],
  ): Promise<ProductionRecord> {
    const tenantId = this.tenantId;
    const [row]: RecordRow[] = await this.db(RECORDS)
      .insert({
        tenant_id: tenantId,
        date: record.date,
        schedule_id: record.scheduleId,
        allow_shortage: record.allowShortage,
        consumption: JSON.stringify(record.consumption),
        shortages: JSON.stringify(record.shortages),
        content_hash: record.contentHash,
        recorded_by: record.recordedBy,
      })
      .returning('*');
    if (lines.length > 0) {
      await this.db(LINES).insert(
        lines.map((line) => ({
          tenant_id: tenantId,
          record_id: row.id,
          product_id: line.productId,
          recipe_id: line.recipeId,
          planned_batches: line.plannedBatches,
          actual_batches: line.actualBatches,
        })),
      );
    }
    return toRecord(row);
  }

  /** Records that closed a day of these schedules, in one query, by date. */
  async findByScheduleIds(scheduleIds: readonly string[]): Promise<ProductionRecord[]> {
    return findByUuids(this.rowsOf(RECORDS).orderBy('date'), 'schedule_id', scheduleIds, toRecord);
  }

  /** Lines of many records in one query, each record's by product id. */
  async findLinesByRecordIds(recordIds: readonly string[]): Promise<ProductionRecordLine[]> {
    const query = this.rowsOf(LINES).orderBy([{ column: 'record_id' }, { column: 'product_id' }]);
    return findByUuids(query, 'record_id', recordIds, toLine);
  }
}

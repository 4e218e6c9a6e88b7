import type { Knex } from 'knex';
import type { Db } from '../../../db/client.ts';
import type { Unit } from '../engine/index.ts';
import { rowMapper, type RowOf } from '../../../db/rows.ts';

/** What a bakery baked on one day (recordProduction), one per day. */
export interface ProductionRecord {
  id: string;
  /** YYYY-MM-DD. */
  date: string;
  /** The schedule whose day this closes (the current schedule for the date when recorded); null when none. */
  scheduleId: string | null;
  allowShortage: boolean;
  /** What the batches use, per ingredient, in its unit (3 decimals). */
  consumption: { ingredientId: string; quantity: number; unit: Unit }[];
  /** Ingredients the stock could not cover when recorded (only with allowShortage). */
  shortages: { ingredientId: string; needed: number; onHand: number; unit: Unit }[];
  /** SHA-256 of the input, to tell a retried call from another record of the day. */
  contentHash: string;
  recordedBy: string;
  recordedAt: Date;
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

type LineRow = RowOf<ProductionRecordLine>;

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

export async function findProductionRecordByDate(db: Db, tenantId: string, date: string): Promise<ProductionRecord | undefined> {
  const row: RecordRow | undefined = await db(RECORDS).where({ tenant_id: tenantId, date }).first();
  return row && toRecord(row);
}

/** Stores a record and its lines (two statements). A second record of the day violates {@link RECORD_DATE_CONSTRAINT}. */
export async function insertProductionRecord(
  trx: Knex.Transaction,
  tenantId: string,
  record: Omit<ProductionRecord, 'id' | 'recordedAt'>,
  lines: readonly Omit<ProductionRecordLine, 'recordId'>[],
): Promise<ProductionRecord> {
  const [row]: RecordRow[] = await trx(RECORDS)
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
    await trx(LINES).insert(
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
export async function findProductionRecordsByScheduleIds(db: Db, tenantId: string, scheduleIds: readonly string[]): Promise<ProductionRecord[]> {
  if (scheduleIds.length === 0) return [];
  const rows: RecordRow[] = await db(RECORDS)
    .where('tenant_id', tenantId)
    .whereRaw('schedule_id = any(?::uuid[])', [[...scheduleIds]])
    .orderBy('date');
  return rows.map(toRecord);
}

/** Lines of many records in one query, each record's by product id. */
export async function findProductionRecordLinesByRecordIds(db: Db, tenantId: string, recordIds: readonly string[]): Promise<ProductionRecordLine[]> {
  if (recordIds.length === 0) return [];
  const rows: LineRow[] = await db(LINES)
    .where('tenant_id', tenantId)
    .whereRaw('record_id = any(?::uuid[])', [[...recordIds]])
    .orderBy([{ column: 'record_id' }, { column: 'product_id' }]);
  return rows.map(toLine);
}

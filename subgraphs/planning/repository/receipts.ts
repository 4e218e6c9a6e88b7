import type { Knex } from 'knex';
import type { Db } from '../../../db/client.ts';
import type { Unit } from '../engine/index.ts';
import { rowMapper, type RowOf } from '../../../db/rows.ts';

/** What arrived of one purchase order on one day. */
export interface PurchaseOrderReceipt {
  id: string;
  purchaseOrderId: string;
  /** YYYY-MM-DD in the bakery's zone. */
  receivedOn: string;
  /** `client:<the caller's key>` or `sha256:<content hash>`: unique per order. */
  idempotencyKey: string;
  /** SHA-256 of the receipt's content, to tell a retried call from a reused client key. */
  contentHash: string;
  recordedBy: string;
  recordedAt: Date;
}

export interface ReceiptLine {
  receiptId: string;
  position: number;
  ingredientId: string;
  /** In the ingredient's unit (the order line's), 3 decimals. */
  quantity: number;
  unit: Unit;
  /** The supplier's lot code. */
  lot: string | null;
  /** As given; null = inventory's default (receivedOn + shelf life for perishables, else none). */
  expiresOn: string | null;
}

type ReceiptRow = RowOf<PurchaseOrderReceipt>;

type ReceiptLineRow = RowOf<ReceiptLine>;

const RECEIPTS = 'planning.purchase_order_receipts';
const RECEIPT_LINES = 'planning.purchase_order_receipt_lines';

const toReceipt = rowMapper<PurchaseOrderReceipt>({
  id: true, purchaseOrderId: true, receivedOn: true, idempotencyKey: true, contentHash: true, recordedBy: true,
  recordedAt: true,
});

const toReceiptLine = rowMapper<ReceiptLine>({
  receiptId: true, position: true, ingredientId: true, quantity: true, unit: true, lot: true, expiresOn: true,
});

/** The receipt of an order with this idempotency key, if one was recorded. */
export async function findReceiptByKey(db: Db, tenantId: string, purchaseOrderId: string, idempotencyKey: string): Promise<PurchaseOrderReceipt | undefined> {
  const row: ReceiptRow | undefined = await db(RECEIPTS)
    .where({ tenant_id: tenantId, purchase_order_id: purchaseOrderId, idempotency_key: idempotencyKey })
    .first();
  return row && toReceipt(row);
}

/** Stores a receipt and its lines (two statements); returns the receipt. */
export async function insertReceipt(
  trx: Knex.Transaction,
  tenantId: string,
  receipt: Omit<PurchaseOrderReceipt, 'id' | 'recordedAt'>,
  lines: readonly Omit<ReceiptLine, 'receiptId' | 'position'>[],
): Promise<PurchaseOrderReceipt> {
  const [row]: ReceiptRow[] = await trx(RECEIPTS)
    .insert({
      tenant_id: tenantId,
      purchase_order_id: receipt.purchaseOrderId,
      received_on: receipt.receivedOn,
      idempotency_key: receipt.idempotencyKey,
      content_hash: receipt.contentHash,
      recorded_by: receipt.recordedBy,
    })
    .returning('*');
  await trx(RECEIPT_LINES).insert(
    lines.map((line, position) => ({
      tenant_id: tenantId,
      receipt_id: row.id,
      position,
      ingredient_id: line.ingredientId,
      quantity: line.quantity,
      unit: line.unit,
      lot: line.lot,
      expires_on: line.expiresOn,
    })),
  );
  return toReceipt(row);
}

export async function findReceiptsByIds(db: Db, tenantId: string, ids: readonly string[]): Promise<PurchaseOrderReceipt[]> {
  if (ids.length === 0) return [];
  const rows: ReceiptRow[] = await db(RECEIPTS).where('tenant_id', tenantId).whereRaw('id = any(?::uuid[])', [[...ids]]);
  return rows.map(toReceipt);
}

/** Receipts of many orders in one query, each order's oldest first. */
export async function findReceiptsByPurchaseOrderIds(db: Db, tenantId: string, orderIds: readonly string[]): Promise<PurchaseOrderReceipt[]> {
  if (orderIds.length === 0) return [];
  const rows: ReceiptRow[] = await db(RECEIPTS)
    .where('tenant_id', tenantId)
    .whereRaw('purchase_order_id = any(?::uuid[])', [[...orderIds]])
    .orderBy([{ column: 'purchase_order_id' }, { column: 'recorded_at' }, { column: 'id' }]);
  return rows.map(toReceipt);
}

/** Lines of many receipts in one query, each receipt's in input order. */
export async function findReceiptLinesByReceiptIds(db: Db, tenantId: string, receiptIds: readonly string[]): Promise<ReceiptLine[]> {
  if (receiptIds.length === 0) return [];
  const rows: ReceiptLineRow[] = await db(RECEIPT_LINES)
    .where('tenant_id', tenantId)
    .whereRaw('receipt_id = any(?::uuid[])', [[...receiptIds]])
    .orderBy([{ column: 'receipt_id' }, { column: 'position' }]);
  return rows.map(toReceiptLine);
}

import type { Unit } from '../engine/index.ts';
import { rowMapper, type RowOf } from '../../../db/rows.ts';
import { findByUuids } from '../../../db/find-by-ids.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';

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

const RECEIPTS = 'planning.purchase_order_receipts';
const RECEIPT_LINES = 'planning.purchase_order_receipt_lines';

const toReceipt = rowMapper<PurchaseOrderReceipt>({
  id: true, purchaseOrderId: true, receivedOn: true, idempotencyKey: true, contentHash: true, recordedBy: true,
  recordedAt: true,
});

const toReceiptLine = rowMapper<ReceiptLine>({
  receiptId: true, position: true, ingredientId: true, quantity: true, unit: true, lot: true, expiresOn: true,
});

/** The tenant's purchase order receipts (`planning.purchase_order_receipts`) and their lines. */
export class ReceiptsRepository extends TenantRepository {
  /** The receipt of an order with this idempotency key, if one was recorded. */
  async findByKey(purchaseOrderId: string, idempotencyKey: string): Promise<PurchaseOrderReceipt | undefined> {
    const row: ReceiptRow | undefined = await this.db(RECEIPTS)
      .where({ tenant_id: this.tenantId, purchase_order_id: purchaseOrderId, idempotency_key: idempotencyKey })
      .first();
    return row && toReceipt(row);
  }

  /** Stores a receipt and its lines (two statements); returns the receipt. */
  async insert(
    receipt: Omit<PurchaseOrderReceipt, 'id' | 'recordedAt'>,
    lines: readonly Omit<ReceiptLine, 'receiptId' | 'position'>[],
  ): Promise<PurchaseOrderReceipt> {
    const tenantId = this.tenantId;
    const [row]: ReceiptRow[] = await this.db(RECEIPTS)
      .insert({
        tenant_id: tenantId,
        purchase_order_id: receipt.purchaseOrderId,
        received_on: receipt.receivedOn,
        idempotency_key: receipt.idempotencyKey,
        content_hash: receipt.contentHash,
        recorded_by: receipt.recordedBy,
      })
      .returning('*');
    await this.db(RECEIPT_LINES).insert(
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

  async findByIds(ids: readonly string[]): Promise<PurchaseOrderReceipt[]> {
    return findByUuids(this.rowsOf(RECEIPTS), 'id', ids, toReceipt);
  }

  /** Receipts of many orders in one query, each order's oldest first. */
  async findByPurchaseOrderIds(orderIds: readonly string[]): Promise<PurchaseOrderReceipt[]> {
    const query = this.rowsOf(RECEIPTS).orderBy([{ column: 'purchase_order_id' }, { column: 'recorded_at' }, { column: 'id' }]);
    return findByUuids(query, 'purchase_order_id', orderIds, toReceipt);
  }

  /** Lines of many receipts in one query, each receipt's in input order. */
  async findLinesByReceiptIds(receiptIds: readonly string[]): Promise<ReceiptLine[]> {
    const query = this.rowsOf(RECEIPT_LINES).orderBy([{ column: 'receipt_id' }, { column: 'position' }]);
    return findByUuids(query, 'receipt_id', receiptIds, toReceiptLine);
  }
}

import { TenantRepository } from '../../../db/tenant-repository.ts';
import type { OrderHistory } from '../engine/supplier-performance.ts';

/** The tenant's deliveries: what its purchase orders asked for and what arrived of them (supplier performance). */
export class DeliveriesRepository extends TenantRepository {
  /**
   * Each purchase order sent in [`sentSince`, `asOf`], with its lines (ingredient, quantity, delivery
   * date) and what arrived of it by `asOf` (ingredient, quantity, day), for supplier performance
   * (engine/supplier-performance.ts) — in ONE SQL query, however many orders and suppliers.
   */
  async findOrderHistories(options: { sentSince: string; asOf: string; supplierIds?: readonly string[] }): Promise<OrderHistory[]> {
    const supplierFilter = options.supplierIds ? 'and o.supplier_id = any(:supplierIds::uuid[])' : '';
    const { rows } = await this.db.raw(
      `
      select o.supplier_id, to_char(o.sent_on, 'YYYY-MM-DD') as sent_on, o.status = 'CANCELLED' as cancelled,
        (select coalesce(json_agg(json_build_object('ingredientId', l.ingredient_id, 'quantity', l.quantity,
                  'dueOn', to_char(l.delivery_date, 'YYYY-MM-DD')) order by l.position), '[]')
           from planning.procurement_lines l
          where l.tenant_id = o.tenant_id and l.purchase_order_id = o.id) as lines,
        (select coalesce(json_agg(json_build_object('ingredientId', rl.ingredient_id, 'quantity', rl.quantity,
                  'receivedOn', to_char(r.received_on, 'YYYY-MM-DD')) order by r.received_on, r.recorded_at, rl.position), '[]')
           from planning.purchase_order_receipts r
           join planning.purchase_order_receipt_lines rl on rl.tenant_id = r.tenant_id and rl.receipt_id = r.id
          where r.tenant_id = o.tenant_id and r.purchase_order_id = o.id and r.received_on <= :asOf::date) as receipts
      from planning.purchase_orders o
      where o.tenant_id = :tenantId and o.sent_on between :sentSince::date and :asOf::date ${supplierFilter}
      order by o.supplier_id, o.sent_on, o.id
      `,
      { tenantId: this.tenantId, sentSince: options.sentSince, asOf: options.asOf, supplierIds: options.supplierIds ?? null },
    );
    return (rows as { supplier_id: string; sent_on: string; cancelled: boolean; lines: OrderHistory['lines']; receipts: OrderHistory['receipts'] }[]).map((row) => ({
      supplierId: row.supplier_id,
      sentOn: row.sent_on,
      cancelled: row.cancelled,
      lines: row.lines.map((line) => ({ ...line, quantity: Number(line.quantity) })),
      receipts: row.receipts.map((receipt) => ({ ...receipt, quantity: Number(receipt.quantity) })),
    }));
  }
}

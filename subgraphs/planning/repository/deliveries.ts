import type { Db } from '../../../db/client.ts';
import type { DeliveryRecord } from '../engine/supplier-performance.ts';

/**
 * Each sent purchase order's delivery history, for supplier performance
 * (engine/supplier-performance.ts), in ONE SQL query: the day it was sent (in the bakery's zone),
 * its delivery date, its first receipt's day, and whether that first receipt brought every line
 * in full. Orders sent before `sentSince` are left out, so the figures follow the supplier as it
 * is now; an order cancelled before anything arrived never was a delivery.
 */
export async function findDeliveryRecords(
  db: Db,
  tenantId: string,
  options: { timeZone: string; sentSince: string; supplierIds?: readonly string[] },
): Promise<DeliveryRecord[]> {
  const supplierFilter = options.supplierIds ? 'and o.supplier_id = any(:supplierIds::uuid[])' : '';
  const { rows } = await db.raw(
    `
    with sent as (
      select o.id, o.supplier_id, (o.submitted_at at time zone :timeZone)::date as sent_on, o.delivery_date, o.status
      from planning.purchase_orders o
      where o.tenant_id = :tenantId and o.submitted_at is not null
        and (o.submitted_at at time zone :timeZone)::date >= :sentSince::date ${supplierFilter}
    ),
    first_receipt as (
      select distinct on (r.purchase_order_id) r.purchase_order_id, r.id, r.received_on
      from planning.purchase_order_receipts r
      join sent on sent.id = r.purchase_order_id
      where r.tenant_id = :tenantId
      order by r.purchase_order_id, r.received_on, r.recorded_at, r.id
    ),
    short_at_first as (
      select l.purchase_order_id
      from planning.procurement_lines l
      join first_receipt f on f.purchase_order_id = l.purchase_order_id
      left join (
        select receipt_id, ingredient_id, sum(quantity) as quantity
        from planning.purchase_order_receipt_lines
        where tenant_id = :tenantId
        group by receipt_id, ingredient_id
      ) got on got.receipt_id = f.id and got.ingredient_id = l.ingredient_id
      where l.tenant_id = :tenantId
      group by l.purchase_order_id, l.ingredient_id, got.quantity
      having coalesce(got.quantity, 0) < sum(l.quantity)
    )
    select sent.supplier_id, to_char(sent.sent_on, 'YYYY-MM-DD') as sent_on, to_char(sent.delivery_date, 'YYYY-MM-DD') as due_on,
           to_char(f.received_on, 'YYYY-MM-DD') as first_received_on,
           f.id is not null and not exists (select 1 from short_at_first s where s.purchase_order_id = sent.id) as complete
    from sent
    left join first_receipt f on f.purchase_order_id = sent.id
    where f.id is not null or sent.status <> 'CANCELLED'
    order by sent.supplier_id, sent.sent_on, sent.id
    `,
    { tenantId, timeZone: options.timeZone, sentSince: options.sentSince, supplierIds: options.supplierIds ?? null },
  );
  return (rows as { supplier_id: string; sent_on: string; due_on: string; first_received_on: string | null; complete: boolean }[]).map((row) => ({
    supplierId: row.supplier_id,
    sentOn: row.sent_on,
    dueOn: row.due_on,
    firstReceivedOn: row.first_received_on,
    completeAtFirstReceipt: row.complete,
  }));
}

import { describe, expect, it } from 'vitest';
import { planProcurement } from './procurement.ts';
import { day, demand, ingredient, lot, offer, procurementInput, settings, supplier } from './test-fixtures.ts';

// One miller, lead 1, every day; SS 0 (percent 0) so the numbers stay small.
// Flour: 20 kg, 10/day → closings 10, 0, −10 → t* = day 2, ordered day 1; needed max over 2..6 = 50 → 50 kg × 0.80 = 40.00.
// Sugar: 50 kg, 10/day → closings 40 … 0, −10 → t* = day 5, ordered day 4; needed over 5..6 = 20 → 20 kg × 3.50 = 70.00.
function tenant(minimumOrderValue: number, sugar = ingredient({ id: 'sugar', name: 'Sugar', lots: [lot('s', 50)] })) {
  return procurementInput({
    settings: settings({ safetyStockPercent: 0 }),
    ingredients: [ingredient({ id: 'flour', name: 'Flour', lots: [lot('f', 20)] }), sugar],
    suppliers: [supplier({ id: 'miller', name: 'Miller', leadTimeDays: 1, minimumOrderValue })],
    offers: [
      offer({ id: 'flour-offer', supplierId: 'miller', ingredientId: 'flour', unitPrice: 0.8, packSize: 10 }),
      offer({ id: 'sugar-offer', supplierId: 'miller', ingredientId: 'sugar', unitPrice: 3.5, packSize: 10 }),
    ],
    requirements: [demand('flour', [10, 10, 10, 10, 10, 10, 10]), demand('sugar', [10, 10, 10, 10, 10, 10, 10])],
  });
}

describe('purchase orders', () => {
  it('groups lines by supplier and order date when no minimum applies', () => {
    const result = planProcurement(tenant(0));
    expect(result.purchaseOrders.map((po) => [po.orderDate, po.deliveryDate, po.lines.map((line) => line.ingredientId), po.total])).toEqual([
      [day(1), day(2), ['flour'], 40],
      [day(4), day(5), ['sugar'], 70],
    ]);
    expect(result.totalCost).toBe(110);
  });

  it('pulls a later order forward into an order below the minimum order value', () => {
    // 40.00 < 100 → the Tue order absorbs Fri's sugar line: ordered Tue, delivered Wed (1-day lead). 110.00 ≥ 100.
    const result = planProcurement(tenant(100));
    expect(result.purchaseOrders).toHaveLength(1);
    expect(result.purchaseOrders[0]).toMatchObject({ supplierId: 'miller', orderDate: day(1), deliveryDate: day(2), total: 110, belowMinimumOrderValue: false });
    const sugarLine = result.lines.find((line) => line.ingredientId === 'sugar')!;
    expect(sugarLine).toMatchObject({ orderDate: day(1), deliveryDate: day(2), neededBy: day(5), quantity: 20 });
    expect(sugarLine.reason).toContain("ordered on Tue 8 Dec instead of Fri 11 Dec to reach Miller's minimum order value of 100.00");
    // Sugar now arrives on day 2: 40, 30, 20+20, 30, 20, 10, 0.
    expect(result.projections.find((p) => p.ingredientId === 'sugar')!.days.map((d) => d.closing)).toEqual([40, 30, 40, 30, 20, 10, 0]);
    expect(result.warnings).toEqual([]);
  });

  it('flags an order still below the minimum after merging', () => {
    const result = planProcurement(tenant(200));
    expect(result.purchaseOrders.map((po) => [po.orderDate, po.total, po.belowMinimumOrderValue])).toEqual([[day(1), 110, true]]);
    expect(result.warnings).toEqual([
      {
        code: 'BELOW_MINIMUM_ORDER_VALUE',
        message: 'The order to Miller on Tue 8 Dec totals 110.00, below its minimum order value of 200.00: it already takes every later line to Miller that can be ordered this early, and is still short',
        supplierId: 'miller',
      },
    ]);
  });

  it('does not pull a perishable line forward if its lot would expire before the horizon ends', () => {
    // Sugar as a 3-day perishable: delivered Wed (day 2) instead of Sat (day 5) it would expire day 5, before the
    // last horizon day (6) the Sat lot covers — so it stays on its own order, and both orders are below 100.
    const perishableSugar = ingredient({ id: 'sugar', name: 'Sugar', perishable: true, shelfLifeDays: 3, lots: [lot('s', 50, day(30))] });
    const result = planProcurement(tenant(100, perishableSugar));
    expect(result.purchaseOrders.map((po) => [po.orderDate, po.lines.map((line) => line.ingredientId), po.belowMinimumOrderValue])).toEqual([
      [day(1), ['flour'], true],
      [day(4), ['sugar'], true],
    ]);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['BELOW_MINIMUM_ORDER_VALUE', 'BELOW_MINIMUM_ORDER_VALUE']);
  });

  it('pulls a perishable line forward when the earlier lot still lasts the horizon', () => {
    // With a 5-day shelf life the Wed lot expires day 7, after the horizon: it may move.
    const perishableSugar = ingredient({ id: 'sugar', name: 'Sugar', perishable: true, shelfLifeDays: 5, lots: [lot('s', 50, day(30))] });
    const result = planProcurement(tenant(100, perishableSugar));
    expect(result.purchaseOrders.map((po) => [po.orderDate, po.lines.map((line) => line.ingredientId), po.total])).toEqual([
      [day(1), ['flour', 'sugar'], 110],
    ]);
  });

  it('merges a later line that still arrives on its own delivery day (issue 11 case 6)', () => {
    // Deliveries Wed and Sat only. Flour (lead 1): t* = Wed (day 2) → ordered Tue. Sugar's offer has its own 2-day lead:
    // t* = Sat (day 5) → ordered Thu (day 3). Tue's 40.00 is below the minimum 100. Ordered on Tue, sugar arrives on the
    // first delivery day ≥ Thu, which is still Sat: it moves and keeps its delivery. (Until issue 11 a line moved only
    // if it then arrived strictly earlier, so both orders stayed below the minimum with a false "no later order could
    // be merged".)
    const input = tenant(100);
    input.suppliers = [supplier({ id: 'miller', name: 'Miller', leadTimeDays: 1, minimumOrderValue: 100, deliveryDays: ['WED', 'SAT'] })];
    input.offers = input.offers.map((o) => (o.id === 'sugar-offer' ? { ...o, leadTimeDays: 2 } : o));
    const result = planProcurement(input);
    expect(result.lines.map((line) => [line.ingredientId, line.orderDate, line.deliveryDate])).toEqual([
      ['flour', day(1), day(2)],
      ['sugar', day(1), day(5)],
    ]);
    expect(result.purchaseOrders.map((po) => [po.orderDate, po.total, po.belowMinimumOrderValue])).toEqual([[day(1), 110, false]]);
    expect(result.warnings.filter((w) => w.code === 'BELOW_MINIMUM_ORDER_VALUE')).toEqual([]);
  });

  it('says why an order stays below the minimum once it has merged what it could', () => {
    // Deliveries Wed and Sat, lead 1. Flour ordered Tue for Wed; sugar needed Sat → ordered Fri. Tue's order takes the
    // sugar line (it then arrives Wed) and still totals 110.00 < 500: the warning says so rather than claim that no
    // later order could be merged.
    const input = tenant(500);
    input.suppliers = [supplier({ id: 'miller', name: 'Miller', leadTimeDays: 1, minimumOrderValue: 500, deliveryDays: ['WED', 'SAT'] })];
    const result = planProcurement(input);
    expect(result.purchaseOrders.map((po) => po.belowMinimumOrderValue)).toEqual([true]);
    expect(result.warnings.filter((w) => w.code === 'BELOW_MINIMUM_ORDER_VALUE').map((w) => w.message)).toEqual([
      expect.stringContaining(': it already takes every later line to Miller that can be ordered this early, and is still short'),
    ]);
  });

  it('lets a later order below the minimum absorb what comes after it', () => {
    // Orders Tue (flour 40.00), Wed (yeast 20.00), Fri (sugar 70.00). Minimum 50: Tue absorbs Wed's order and reaches
    // 60.00, so it stops there; Fri's 70.00 stands on its own.
    const input = tenant(50);
    input.ingredients.push(ingredient({ id: 'yeast', name: 'Yeast', lots: [lot('y', 30)] }));
    input.offers.push(offer({ id: 'yeast-offer', supplierId: 'miller', ingredientId: 'yeast', unitPrice: 0.5, packSize: 10 }));
    input.requirements.push(demand('yeast', [10, 10, 10, 10, 10, 10, 10]));
    // Yeast: 30 kg → closings 20, 10, 0, −10 → t* = day 3, ordered day 2; needed over 3..6 = 40 → 40 × 0.50 = 20.00.
    const result = planProcurement(input);
    expect(result.purchaseOrders.map((po) => [po.orderDate, po.lines.map((line) => line.ingredientId), po.total, po.belowMinimumOrderValue])).toEqual([
      [day(1), ['flour', 'yeast'], 60, false],
      [day(4), ['sugar'], 70, false],
    ]);
  });
});

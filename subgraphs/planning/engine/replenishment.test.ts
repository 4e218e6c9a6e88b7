import { describe, expect, it } from 'vitest';
import { weekdayOf } from './dates.ts';
import { planProcurement } from './procurement.ts';
import { orderQuantity } from './replenishment.ts';
import { day, demand, ingredient, lot, offer, procurementInput, settings, supplier } from './test-fixtures.ts';

const flour = ingredient({ id: 'flour', name: 'Wheat flour', lots: [lot('flour-lot', 100)] });
const harinera = supplier({ id: 'harinera', name: 'Harinera Sur', leadTimeDays: 2 });
const flourOffer = offer({ id: 'flour-offer', supplierId: 'harinera', ingredientId: 'flour', unitPrice: 0.8, minimumOrderQuantity: 50, packSize: 25 });
const closings = (result: ReturnType<typeof planProcurement>, ingredientId: string) =>
  result.projections.find((projection) => projection.ingredientId === ingredientId)!.days.map((d) => d.closing);

describe('orderQuantity', () => {
  it('rounds max(needed, MOQ) up to whole packs', () => {
    expect(orderQuantity(60, 50, 25)).toBe(75); // ceil(60/25)=3 packs
    expect(orderQuantity(10, 50, 25)).toBe(50); // MOQ 50 is already 2 packs
    expect(orderQuantity(10, 45, 25)).toBe(50); // MOQ 45 → 2 packs
    expect(orderQuantity(12.3, 0, 0)).toBe(12.3); // sold loose
    expect(orderQuantity(0.7, 0, 0.25)).toBe(0.75);
    expect(orderQuantity(50.0000000001, 0, 25)).toBe(50); // float noise is not a third pack
  });
});

describe('DESIGN §3 worked example', () => {
  // PERCENTAGE 0.5, lead 2 → SS = 20 kg/day × 2 × 0.5 = 20 kg.
  // Closings without orders: 80, 60, 40, 20, 0, −20, −40; t* = day 4 (0 < 20; day 3's 20 is not < 20).
  // Deliver day 4, order day 2. Needed = max(20−0, 20+20, 20+40) = 60 → max(60, MOQ 50) → 3 packs of 25 = 75.
  // After the receipt: 80, 60, 40, 20, 75, 55, 35 — never below 20, so exactly one line.
  const result = planProcurement(
    procurementInput({
      ingredients: [flour],
      suppliers: [harinera],
      offers: [flourOffer],
      requirements: [demand('flour', [20, 20, 20, 20, 20, 20, 20])],
    }),
  );

  it('orders exactly one line of 75 kg, ordered D+2 for delivery D+4', () => {
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatchObject({
      ingredientId: 'flour',
      supplierId: 'harinera',
      quantity: 75,
      unit: 'KG',
      orderDate: day(2),
      deliveryDate: day(4),
      neededBy: day(4),
      safetyStock: 20,
      unitPrice: 0.8,
      cost: 60, // 75 × 0.80
      urgent: false,
    });
  });

  it('explains the line in a buyer\'s words', () => {
    expect(result.lines[0].reason).toBe(
      'closing stock falls to 0 kg on Fri 11 Dec, below safety stock 20 kg; Harinera Sur delivers every day, ' +
        'lead time 2 days; 60 kg needed, rounded to 75 kg (MOQ 50, packs of 25)',
    );
  });

  it('projects stock after the receipt', () => {
    expect(closings(result, 'flour')).toEqual([80, 60, 40, 20, 75, 55, 35]);
    expect(result.projections[0].safetyStock).toBe(20);
    expect(result.projections[0].days[4]).toEqual({ date: day(4), opening: 20, receipts: 75, demand: 20, expired: 0, shortfall: 0, closing: 75, blockedProduction: [] });
  });

  it('puts the line on one purchase order and totals the cost', () => {
    expect(result.purchaseOrders).toHaveLength(1);
    expect(result.purchaseOrders[0]).toMatchObject({ supplierId: 'harinera', orderDate: day(2), deliveryDate: day(4), total: 60, belowMinimumOrderValue: false });
    expect(result.purchaseOrders[0].lines).toEqual(result.lines);
    expect(result.totalCost).toBe(60);
    expect(result.warnings).toEqual([]);
  });
});

describe('delivery weekdays', () => {
  it('delivers on the Friday before a weekend without deliveries', () => {
    // D = Mon 7 Dec. The supplier delivers Mon–Fri, lead 1 → SS = 20 × 1 × 0.5 = 10.
    // 110 kg on hand, 20/day → closings 90, 70, 50, 30, 10 (Fri), −10 (Sat), −30 (Sun); t* = Sat.
    // The latest delivery weekday in [Tue, Sat] is Fri (day 4); order Thu (day 3).
    // Needed over Fri..Sun = max(10−10, 10+10, 10+30) = 40 → packs of 10 → 40.
    // After: 90, 70, 50, 30, 50, 30, 10.
    const result = planProcurement(
      procurementInput({
        ingredients: [{ ...flour, lots: [lot('flour-lot', 110)] }],
        suppliers: [supplier({ id: 'weekday', name: 'Weekday Mill', leadTimeDays: 1, deliveryDays: ['MON', 'TUE', 'WED', 'THU', 'FRI'] })],
        offers: [offer({ id: 'o', supplierId: 'weekday', ingredientId: 'flour', packSize: 10 })],
        requirements: [demand('flour', [20, 20, 20, 20, 20, 20, 20])],
      }),
    );
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatchObject({ quantity: 40, orderDate: day(3), deliveryDate: day(4), neededBy: day(5), urgent: false });
    expect(weekdayOf(result.lines[0].deliveryDate)).toBe('FRI');
    expect(result.lines[0].reason).toContain('Weekday Mill delivers Mon/Tue/Wed/Thu/Fri, lead time 1 day');
    expect(closings(result, 'flour')).toEqual([90, 70, 50, 30, 50, 30, 10]);
  });

  it('waits for the next delivery weekday after the lead time', () => {
    // Delivers Mon/Thu only, lead 1 (SS 10 as above). 70 kg, 20/day → closings 50, 30, 10, −10 (Thu) …; t* = Thu.
    // Earliest delivery = first Mon/Thu ≥ Tue = Thu (day 3) → deliver Thu, order Wed.
    // Needed over Thu..Sun = max(20, 40, 60, 80) = 80 → 80.
    const result = planProcurement(
      procurementInput({
        ingredients: [{ ...flour, lots: [lot('flour-lot', 70)] }],
        suppliers: [supplier({ id: 'twice', name: 'Twice Weekly', leadTimeDays: 1, deliveryDays: ['THU', 'MON'] })],
        offers: [offer({ id: 'o', supplierId: 'twice', ingredientId: 'flour', packSize: 10 })],
        requirements: [demand('flour', [20, 20, 20, 20, 20, 20, 20])],
      }),
    );
    expect(result.lines.map((line) => [line.orderDate, line.deliveryDate, line.quantity])).toEqual([[day(2), day(3), 80]]);
    expect(result.lines[0].reason).toContain('Twice Weekly delivers Mon/Thu');
  });
});

describe('supplier choice', () => {
  // Price-heavy weights 0.8 / 0.1 / 0.1. Cheap: 5.00, lead 4; Quick: 6.00, lead 1; both reliability 0.9.
  // Cheap: 0.8·1 + 0.1·(1/4) + 0.1·0.9 = 0.915; Quick: 0.8·(5/6) + 0.1·1 + 0.1·0.9 = 0.856667 → Cheap scores best,
  // so L = 4 and SS = 10 × 4 × 0.5 = 20.
  const butter = (onHand: number) => ingredient({ id: 'butter', name: 'Butter', lots: [lot('b', onHand)] });
  const tenant = (onHand: number) =>
    procurementInput({
      settings: settings({ supplierWeights: { price: 0.8, leadTime: 0.1, reliability: 0.1 } }),
      ingredients: [butter(onHand)],
      suppliers: [
        supplier({ id: 'cheap', name: 'Cheap Dairy', leadTimeDays: 4 }),
        supplier({ id: 'quick', name: 'Quick Dairy', leadTimeDays: 1 }),
      ],
      offers: [
        offer({ id: 'cheap-butter', supplierId: 'cheap', ingredientId: 'butter', unitPrice: 5, packSize: 5 }),
        offer({ id: 'quick-butter', supplierId: 'quick', ingredientId: 'butter', unitPrice: 6, packSize: 5 }),
      ],
      requirements: [demand('butter', [10, 10, 10, 10, 10, 10, 10])],
    });

  it('takes the faster offer when the cheaper one cannot deliver by the need date', () => {
    // 50 on hand → closings 40, 30, 20, 10 → t* = day 3. Cheap's earliest delivery is day 4 > 3; Quick's is day 1.
    // Quick delivers day 3 (latest in [1, 3]), ordered day 2. Needed = max(20−10, 20−0, 20+10, 20+20) = 40.
    const result = planProcurement(tenant(50));
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatchObject({
      supplierId: 'quick',
      quantity: 40,
      orderDate: day(2),
      deliveryDate: day(3),
      safetyStock: 20,
      cost: 240, // 40 × 6.00
      urgent: false,
    });
    expect(closings(result, 'butter')).toEqual([40, 30, 20, 50, 40, 30, 20]);
  });

  it('takes the best-scoring offer when it can make the need date', () => {
    // 80 on hand → closings 70 … 20, 10 → t* = day 6; Cheap (earliest day 4) can deliver: day 6, ordered day 2.
    // Needed = 20 − 10 = 10 → 2 packs of 5.
    const result = planProcurement(tenant(80));
    expect(result.lines.map((line) => [line.supplierId, line.quantity, line.orderDate, line.deliveryDate, line.cost])).toEqual([
      ['cheap', 10, day(2), day(6), 50],
    ]);
  });
});

describe('perishables', () => {
  it('warns of waste when the MOQ buys more cream than can be used before it expires', () => {
    // Cream, shelf life 4 days, SS 0 (percent 0), horizon 5. 8 l on hand expiring D+2; 5 l/day.
    // Closings 3, −2 → t* = day 1; lead 1 → deliver day 1 (ordered day 0); the lot expires day 5, so the
    // coverage window is days 1..4: closings −2, −7, −12, −17 → needed 17 → MOQ 40 (packs of 10) → 40.
    // Day 1: the old lot's last 3 l go first (FEFO), then 2 l of the new one: 38, 33, 28, 23.
    // The 23 l left expire on day 5 (the day after the horizon) → WASTE_RISK of 23 l.
    const cream = ingredient({ id: 'cream', name: 'Cream', unit: 'L', perishable: true, shelfLifeDays: 4, lots: [lot('c', 8, day(2))] });
    const result = planProcurement(
      procurementInput({
        horizonDays: 5,
        settings: settings({ safetyStockPercent: 0 }),
        ingredients: [cream],
        suppliers: [supplier({ id: 'dairy', name: 'Dairy', leadTimeDays: 1 })],
        offers: [offer({ id: 'o', supplierId: 'dairy', ingredientId: 'cream', unitPrice: 2, minimumOrderQuantity: 40, packSize: 10 })],
        requirements: [demand('cream', [5, 5, 5, 5, 5])],
      }),
    );
    expect(result.lines.map((line) => [line.quantity, line.orderDate, line.deliveryDate])).toEqual([[40, day(0), day(1)]]);
    expect(closings(result, 'cream')).toEqual([3, 38, 33, 28, 23]);
    expect(result.warnings).toEqual([
      {
        code: 'WASTE_RISK',
        message:
          'About 23 l of the 40 l of Cream delivered Tue 8 Dec will expire unused on Sat 12 Dec; 17 l needed, rounded to 40 l (MOQ 40, packs of 10)',
        ingredientId: 'cream',
        supplierId: 'dairy',
      },
    ]);
  });

  it('orders again when the first perishable lot expires inside the horizon', () => {
    // Yeast, shelf life 3, SS 0, no stock, 2 kg/day, lead 0, every day.
    // Day 0 order covers days 0..2 (expires day 3): 6 kg. Day 3: another 6 kg for 3..5; day 6: 2 kg for day 6.
    const yeast = ingredient({ id: 'yeast', name: 'Yeast', perishable: true, shelfLifeDays: 3 });
    const result = planProcurement(
      procurementInput({
        settings: settings({ safetyStockPercent: 0 }),
        ingredients: [yeast],
        suppliers: [supplier({ id: 's', leadTimeDays: 0 })],
        offers: [offer({ id: 'o', supplierId: 's', ingredientId: 'yeast' })],
        requirements: [demand('yeast', [2, 2, 2, 2, 2, 2, 2])],
      }),
    );
    expect(result.lines.map((line) => [line.deliveryDate, line.quantity])).toEqual([
      [day(0), 6],
      [day(3), 6],
      [day(6), 2],
    ]);
    expect(closings(result, 'yeast')).toEqual([4, 2, 0, 4, 2, 0, 0]);
    expect(result.warnings).toEqual([]);
  });
  it('skips a shortfall no usable lot can reach and still fixes the next one', () => {
    // Milk, shelf life 2; the dairy delivers Mon and Thu, lead 1 (earliest delivery Thu, day 3). SS = Z(0.95) × 1.5 × √1
    // = 2.467281 l. 23 l on hand lasting to D+30; a submitted order of 10 l arrives Mon (day 7), usable days 7–8.
    // Demand 4,4,4,4,4,2,0,4,4,0,4,4 → closings 19, 15, 11, 7, 3, 1, 1, 7, 3, 1 (2 l of Monday's lot expire), −3, −7.
    // Sat (5) and Sun (6) are below SS, but the only delivery days before them are Thu 3 (gone off by Sat) and the
    // next is Mon 7, whose window (7..8) is already above SS: nothing fixes them. Wed (9): no usable delivery by then
    // (Thu 3 and Mon 7 have gone off), so Thu 10 is late but fixes 10..11: needed 2.467281 + 7 = 9.47 → 10 l.
    // After: …, 1, 7, 3. FEFO spends the new lot first; 2 l of it are left when it expires on day 12.
    // The urgent line is ordered on the first day whose order arrives Thu 17 Dec: an order on Mon 14 (day 7) arrives
    // on the first delivery day ≥ Tue 15, which is Thu 17 (until issue 11 it was ordered Wed 16, delivery − L).
    const milk = ingredient({ id: 'milk', name: 'Milk', unit: 'L', perishable: true, shelfLifeDays: 2, lots: [lot('m', 23, day(30))] });
    const result = planProcurement(
      procurementInput({
        horizonDays: 12,
        settings: settings({ safetyStockMethod: 'STATISTICAL' }),
        ingredients: [milk],
        suppliers: [supplier({ id: 'dairy', name: 'Dairy', leadTimeDays: 1, reliability: 1, deliveryDays: ['MON', 'THU'] })],
        offers: [offer({ id: 'o', supplierId: 'dairy', ingredientId: 'milk', packSize: 1 })],
        requirements: [demand('milk', [4, 4, 4, 4, 4, 2, 0, 4, 4, 0, 4, 4], 1.5)],
        scheduledReceipts: [{ ingredientId: 'milk', deliveryDate: day(7), quantity: 10 }],
      }),
    );
    expect(result.lines.map((line) => [line.quantity, line.orderDate, line.deliveryDate, line.neededBy, line.urgent])).toEqual([
      [10, day(7), day(10), day(9), true],
    ]);
    expect(closings(result, 'milk')).toEqual([19, 15, 11, 7, 3, 1, 1, 7, 3, 1, 7, 3]);
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      'Milk is needed by Wed 16 Dec, but the earliest delivery is Thu 17 Dec (Dairy, lead time 1 day); order it on Mon 14 Dec (marked urgent). ' +
        'Stock stays below safety stock until then',
      'Milk is below its safety stock of 2.47 l on 3 days from Sat 12 Dec (lowest closing 1 l) and no order can prevent it: ' +
        'no delivery can arrive in time with a lot still usable',
      'About 2 l of the 10 l of Milk delivered Thu 17 Dec will expire unused on Sat 19 Dec; 9.47 l needed, rounded to 10 l (packs of 1)',
    ]);
  });
});

describe('scheduled receipts', () => {
  it('counts a submitted purchase order as a receipt on its delivery date', () => {
    // Worked example plus 50 kg arriving D+3 → closings 80, 60, 40, 70, 50, 30, 10 → t* = day 6.
    // Deliver day 6, order day 4; needed 20 − 10 = 10 → MOQ 50 → 50.
    const result = planProcurement(
      procurementInput({
        ingredients: [flour],
        suppliers: [harinera],
        offers: [flourOffer],
        requirements: [demand('flour', [20, 20, 20, 20, 20, 20, 20])],
        scheduledReceipts: [{ ingredientId: 'flour', supplierId: 'harinera', deliveryDate: day(3), quantity: 50 }],
      }),
    );
    expect(result.projections[0].days[3]).toMatchObject({ opening: 40, receipts: 50, closing: 70 });
    expect(result.lines.map((line) => [line.quantity, line.orderDate, line.deliveryDate])).toEqual([[50, day(4), day(6)]]);
    expect(closings(result, 'flour')).toEqual([80, 60, 40, 70, 50, 30, 60]);
  });

  it('ignores receipts after the horizon and counts overdue ones on the plan date', () => {
    const result = planProcurement(
      procurementInput({
        ingredients: [ingredient({ id: 'salt' })],
        requirements: [demand('salt', [1, 1, 1, 1, 1, 1, 1])],
        scheduledReceipts: [
          { ingredientId: 'salt', deliveryDate: day(-2), quantity: 10 },
          { ingredientId: 'salt', deliveryDate: day(7), quantity: 99 },
        ],
      }),
    );
    expect(closings(result, 'salt')).toEqual([9, 8, 7, 6, 5, 4, 3]);
  });
});

describe('late deliveries and stockouts', () => {
  it('marks the line urgent when no supplier can deliver in time, orders it today, and reports the days nobody can fix', () => {
    // 30 kg on hand, 20/day, SS 20 → closing 10 on day 0, then day 1 serves 10 and loses 10: below SS from day 0,
    // earliest delivery day 2. t* = day 0 and the order is late: deliver day 2, ordered today.
    // Sized from day 2's opening (0) with the backlog carried from then on: c = −20 … −100 on days 2..6 → needed
    // 20 + 100 = 120 → 5 packs of 25 = 125. After: 10, 0, 105, 85, 65, 45, 25; day 1's 10 kg are lost, not repaid.
    // (Until issue 11 day 1 closed at −10 and the order "repaid" it: 150 kg.)
    const result = planProcurement(
      procurementInput({
        ingredients: [{ ...flour, lots: [lot('flour-lot', 30)] }],
        suppliers: [harinera],
        offers: [flourOffer],
        requirements: [demand('flour', [20, 20, 20, 20, 20, 20, 20])],
      }),
    );
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatchObject({ quantity: 125, orderDate: day(0), deliveryDate: day(2), neededBy: day(0), urgent: true });
    expect(result.lines[0].reason).toBe(
      'closing stock falls to 10 kg on Mon 7 Dec, below safety stock 20 kg; no supplier can deliver by then; Harinera Sur ' +
        'delivers every day, lead time 2 days: ordered today for the earliest delivery, Wed 9 Dec (urgent); 10 kg of demand ' +
        'before it cannot be served; 120 kg needed, rounded to 125 kg (MOQ 50, packs of 25)',
    );
    expect(closings(result, 'flour')).toEqual([10, 0, 105, 85, 65, 45, 25]);
    expect(result.projections[0].days.map((d) => d.shortfall)).toEqual([0, 10, 0, 0, 0, 0, 0]);
    expect(result.warnings).toEqual([
      {
        code: 'LATE_DELIVERY',
        message:
          'Wheat flour is needed by Mon 7 Dec, but the earliest delivery is Wed 9 Dec (Harinera Sur, lead time 2 days); ' +
          'order it today (marked urgent). 10 kg of demand from Mon 7 Dec to Tue 8 Dec stays uncovered',
        ingredientId: 'flour',
        supplierId: 'harinera',
      },
      {
        code: 'STOCKOUT_RISK',
        message:
          'Wheat flour is below its safety stock of 20 kg on 2 days from Mon 7 Dec (lowest closing 0 kg; 10 kg of demand cannot be served) and no order can ' +
          'prevent it: the earliest possible delivery is Wed 9 Dec',
        ingredientId: 'flour',
      },
    ]);
  });

  it('reports STOCKOUT_RISK without a line when nobody offers the ingredient', () => {
    const result = planProcurement(
      procurementInput({
        ingredients: [ingredient({ id: 'saffron', name: 'Saffron', unit: 'G', lots: [lot('s', 5)] })],
        requirements: [demand('saffron', [2, 2, 2, 2, 2, 2, 2])],
      }),
    );
    expect(result.lines).toEqual([]);
    expect(closings(result, 'saffron')).toEqual([3, 1, 0, 0, 0, 0, 0]);
    expect(result.projections[0].days.map((d) => d.shortfall)).toEqual([0, 0, 1, 2, 2, 2, 2]);
    // No offer → L = 0 → SS 0; demand is lost from day 2.
    expect(result.warnings).toEqual([
      {
        code: 'STOCKOUT_RISK',
        message: 'Saffron is below its safety stock of 0 g on 5 days from Wed 9 Dec (lowest closing 0 g; 9 g of demand cannot be served) and no order can prevent it: no supplier offers it',
        ingredientId: 'saffron',
      },
    ]);
  });
});

describe('STATISTICAL safety stock end to end', () => {
  it('sizes the buffer from demand sigma and the best offer\'s lead time', () => {
    // σ_i = 3 kg/day, L = 4, service 0.95: SS = 1.644854 × 3 × √4 = 9.869122 kg.
    // 40 kg, 8/day → closings 32, 24, 16, 8 (< 9.87), 0 …; the earliest delivery is day 4. The shortfall starts
    // on day 3 and is still there on day 4, so t* = day 3 and the order is late: deliver day 4 (ordered D), urgent.
    // Needed over 4..6 = 9.869122 − (−16) = 25.869122 → packs of 1 → 26. Day 3 stays below SS: STOCKOUT_RISK.
    const result = planProcurement(
      procurementInput({
        settings: settings({ safetyStockMethod: 'STATISTICAL' }),
        ingredients: [ingredient({ id: 'rye', name: 'Rye flour', lots: [lot('r', 40)] })],
        suppliers: [supplier({ id: 's', name: 'Mill', leadTimeDays: 4, reliability: 1 })],
        offers: [offer({ id: 'o', supplierId: 's', ingredientId: 'rye', packSize: 1 })],
        requirements: [demand('rye', [8, 8, 8, 8, 8, 8, 8], 3)],
      }),
    );
    expect(result.projections[0].safetyStock).toBeCloseTo(9.869122, 5);
    expect(result.lines.map((line) => [line.quantity, line.orderDate, line.deliveryDate, line.neededBy, line.urgent])).toEqual([
      [26, day(0), day(4), day(3), true],
    ]);
    expect(closings(result, 'rye')).toEqual([32, 24, 16, 8, 26, 18, 10]);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['LATE_DELIVERY', 'STOCKOUT_RISK']);
  });

  it('orders on time when stock lasts past the lead time', () => {
    // Same SS 9.869122. 60 kg, 8/day → closings 52, 44, 36, 28, 20, 12, 4 → t* = day 6 (4 < 9.87).
    // Deliver day 6, ordered day 2; needed 9.869122 − 4 = 5.869122 → 6.
    const result = planProcurement(
      procurementInput({
        settings: settings({ safetyStockMethod: 'STATISTICAL' }),
        ingredients: [ingredient({ id: 'rye', name: 'Rye flour', lots: [lot('r', 60)] })],
        suppliers: [supplier({ id: 's', name: 'Mill', leadTimeDays: 4, reliability: 1 })],
        offers: [offer({ id: 'o', supplierId: 's', ingredientId: 'rye', packSize: 1 })],
        requirements: [demand('rye', [8, 8, 8, 8, 8, 8, 8], 3)],
      }),
    );
    expect(result.lines.map((line) => [line.quantity, line.orderDate, line.deliveryDate, line.urgent])).toEqual([
      [6, day(2), day(6), false],
    ]);
    expect(result.lines[0].reason).toBe(
      'closing stock falls to 4 kg on Sun 13 Dec, below safety stock 9.87 kg; Mill delivers every day, lead time 4 days; 5.87 kg needed, rounded to 6 kg (packs of 1)',
    );
    expect(result.warnings).toEqual([]);
  });
});

describe('long lead times (issue 11 case 3)', () => {
  it('orders today a lead time longer than the horizon, projecting to its earliest delivery', () => {
    // Flour, lead 9 days, horizon 7; 100 kg, 20 kg/day; SS = 20 × 9 × 0.5 = 90. The earliest delivery is day 9, past
    // the horizon, so the projection runs to day 9 (days 7–9 repeat the horizon's weekdays: 20 kg). Stock is below SS
    // from day 0 and runs out on day 5: the line is urgent, ordered today for day 9, sized from day 9's opening (0):
    // 90 − (−20) = 110 → 125 kg (packs of 25). Until issue 11 it got no line, only "no order can prevent it".
    const result = planProcurement(
      procurementInput({
        ingredients: [flour],
        suppliers: [supplier({ id: 'slow', name: 'Slow Mill', leadTimeDays: 9 })],
        offers: [offer({ id: 'o', supplierId: 'slow', ingredientId: 'flour', unitPrice: 0.8, minimumOrderQuantity: 50, packSize: 25 })],
        requirements: [demand('flour', [20, 20, 20, 20, 20, 20, 20])],
      }),
    );
    expect(result.lines.map((line) => [line.quantity, line.orderDate, line.deliveryDate, line.urgent])).toEqual([[125, day(0), day(9), true]]);
    expect(result.projections[0].days.map((d) => d.date)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(day));
    expect(closings(result, 'flour')).toEqual([80, 60, 40, 20, 0, 0, 0, 0, 0, 105]);
    expect(result.projections[0].days.map((d) => d.shortfall)).toEqual([0, 0, 0, 0, 0, 20, 20, 20, 20, 0]);
  });
});

describe('future plan dates (issue 11 case 4)', () => {
  it('opens a later plan date with the stock projected from the stock date', () => {
    // Stock on Mon (day 0): 100 kg, 20 kg/day. A plan for Thu (day 3) opens with 100 − 3 × 20 = 40 kg, not 100.
    const input = procurementInput({
      planDate: day(3),
      stockDate: day(0),
      ingredients: [flour],
      suppliers: [harinera],
      offers: [flourOffer],
      requirements: [demand('flour', new Array(10).fill(20))],
    });
    const result = planProcurement(input);
    expect(result.projections[0].days[0]).toMatchObject({ date: day(3), opening: 40, closing: 20 });
    expect(result.lines.every((line) => line.orderDate >= day(3))).toBe(true);
    // A submitted delivery on Tue (day 1) is counted before the plan date: it adds to the opening stock.
    const withReceipt = planProcurement({ ...input, scheduledReceipts: [{ ingredientId: 'flour', deliveryDate: day(1), quantity: 50 }] });
    expect(withReceipt.projections[0].days[0].opening).toBe(90);
    expect(() => planProcurement({ ...input, stockDate: day(4) })).toThrow('stockDate 2026-12-11 is after planDate 2026-12-10');
  });
});

describe('reasons (issue 11 case 9)', () => {
  it('names the better-scored supplier passed over and why', () => {
    // CheapMill (0.50/kg, lead 5) scores 0.5 + 0.2 × 1/5 + 0.3 × 0.9 = 0.81; FastMill (0.80/kg, lead 1) scores
    // 0.5 × 0.625 + 0.2 + 0.3 × 0.9 = 0.7825. Stock runs below SS on day 2; CheapMill cannot deliver before day 5.
    const result = planProcurement(
      procurementInput({
        ingredients: [{ ...flour, lots: [lot('flour-lot', 50)] }],
        suppliers: [
          supplier({ id: 'cheap', name: 'CheapMill', leadTimeDays: 5, reliability: 0.9 }),
          supplier({ id: 'fast', name: 'FastMill', leadTimeDays: 1, reliability: 0.9 }),
        ],
        offers: [
          offer({ id: 'cheap-o', supplierId: 'cheap', ingredientId: 'flour', unitPrice: 0.5 }),
          offer({ id: 'fast-o', supplierId: 'fast', ingredientId: 'flour', unitPrice: 0.8 }),
        ],
        requirements: [demand('flour', [20, 20, 20, 20, 20, 20, 20])],
      }),
    );
    expect(result.lines[0].supplierId).toBe('fast');
    expect(result.lines[0].reason).toContain('CheapMill is cheaper (0.50 per kg against 0.80) but cannot deliver before Sat 12 Dec');
  });
});

describe('blocked production', () => {
  it('names the batches a shortfall keeps from the oven, whole batches in product order', () => {
    // 15 kg of flour; day 1 needs 24 kg: 10 baguette batches × 2 kg and 4 croissant batches × 1 kg. 15 kg bake 7
    // baguette batches (14 kg) and 1 croissant batch: 3 + 3 blocked, 9 kg short. Nobody sells flour here.
    const recipes = [
      { id: 'r-baguette', productId: 'baguette', yieldQuantity: 20, ingredients: [{ ingredientId: 'flour', quantity: 2, unit: 'KG' as const }] },
      { id: 'r-croissant', productId: 'croissant', yieldQuantity: 12, ingredients: [{ ingredientId: 'flour', quantity: 1000, unit: 'G' as const }] },
    ];
    const batch = (productId: string, recipeId: string, batches: number) => ({ date: day(1), productId, recipeId, batches, quantity: 0, forecastQuantity: 0 });
    const result = planProcurement(
      procurementInput({
        ingredients: [{ ...flour, lots: [lot('flour-lot', 15)] }],
        requirements: [demand('flour', [0, 24, 0, 0, 0, 0, 0])],
        production: { batches: [batch('croissant', 'r-croissant', 4), batch('baguette', 'r-baguette', 10)], recipes },
      }),
    );
    expect(result.projections[0].days[1]).toMatchObject({
      shortfall: 9,
      closing: 0,
      blockedProduction: [
        { productId: 'baguette', batches: 3 },
        { productId: 'croissant', batches: 3 },
      ],
    });
    expect(result.projections[0].days[0].blockedProduction).toEqual([]);
  });
});

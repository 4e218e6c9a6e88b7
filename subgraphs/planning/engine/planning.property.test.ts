import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, diffDays, weekdayOf } from './dates.ts';
import { runPlanning } from './planning.ts';
import { planProcurement } from './procurement.ts';
import { PLAN_DATE } from './test-fixtures.ts';
import type { IngredientInput, OfferInput, PlanningInput, ProcurementInput, SupplierInput, Unit, Weekday } from './types.ts';

/*
 * Random small bakeries. Perishables get a shelf life of at least a week, so any supplier that delivers at least
 * weekly can always land a usable lot before a need — which is what lets us demand that no fixable day stays below
 * safety stock.
 */

const WEEKDAYS: Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const cents = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((value) => value / 100);

const supplierArb = (id: string): fc.Arbitrary<SupplierInput> =>
  fc.record({
    id: fc.constant(id),
    name: fc.constant(`Supplier ${id}`),
    leadTimeDays: fc.integer({ min: 0, max: 4 }),
    reliability: cents(0.5, 1),
    minimumOrderValue: fc.constantFrom(0, 0, 20, 100, 400),
    deliveryDays: fc.oneof(fc.constant<Weekday[]>([]), fc.subarray(WEEKDAYS, { minLength: 1 })),
  });

const UNITS: Unit[] = ['KG', 'G', 'L', 'ML', 'UNIT'];
/** Units a recipe may measure an ingredient stocked in `unit` in, convertible or not (one in ten is not). */
const recipeUnitArb = (unit: Unit): fc.Arbitrary<Unit> =>
  fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom<Unit>(...UNITS.filter((u) => u === unit || (u + unit).match(/^(G|KG)+$|^(L|ML)+$/))) },
    { weight: 1, arbitrary: fc.constantFrom<Unit>(...UNITS) },
  );

const ingredientArb = (id: string, unit: Unit): fc.Arbitrary<IngredientInput> =>
  fc.boolean().chain((perishable) =>
    fc.record({
      id: fc.constant(id),
      name: fc.constant(`Ingredient ${id}`),
      unit: fc.constant(unit),
      perishable: fc.constant(perishable),
      shelfLifeDays: perishable ? fc.integer({ min: 7, max: 14 }) : fc.constantFrom(null, 365),
      lots: fc.array(
        fc.record({
          id: fc.uuid(),
          quantity: fc.integer({ min: 0, max: 200 }),
          receivedOn: fc.constant(addDays(PLAN_DATE, -3)),
          expiresOn: perishable ? fc.integer({ min: 0, max: 12 }).map((k) => addDays(PLAN_DATE, k)) : fc.constant(null),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  );

const tenantArb: fc.Arbitrary<PlanningInput> = fc
  .record({
    supplierCount: fc.constantFrom(1, 1, 2, 3),
    ingredientUnits: fc.array(fc.constantFrom<Unit>(...UNITS), { minLength: 1, maxLength: 6 }),
    productCount: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ supplierCount, ingredientUnits, productCount }) => {
    const supplierIds = Array.from({ length: supplierCount }, (_, k) => `s${k}`);
    const ingredientIds = ingredientUnits.map((_, k) => `i${k}`);
    const unitOf = new Map(ingredientIds.map((id, k) => [id, ingredientUnits[k]]));
    const productIds = Array.from({ length: productCount }, (_, k) => `p${k}`);
    const offerArb = (ingredientId: string, k: number): fc.Arbitrary<OfferInput> =>
      fc.record({
        id: fc.constant(`${ingredientId}-o${k}`),
        supplierId: fc.constantFrom(...supplierIds),
        ingredientId: fc.constant(ingredientId),
        unitPrice: cents(0.1, 20),
        minimumOrderQuantity: fc.constantFrom(0, 5, 10, 50),
        packSize: fc.constantFrom(0, 1, 2.5, 6, 25),
        leadTimeDays: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
      });
    return fc.record({
      planDate: fc.integer({ min: 0, max: 6 }).map((k) => addDays(PLAN_DATE, k)),
      horizonDays: fc.integer({ min: 3, max: 10 }),
      settings: fc.record({
        serviceLevel: cents(0.5, 0.99),
        safetyStockMethod: fc.constantFrom('STATISTICAL' as const, 'PERCENTAGE' as const),
        safetyStockPercent: cents(0, 1),
        supplierWeights: fc.record({ price: cents(0, 1), leadTime: cents(0, 1), reliability: cents(0, 1) }),
      }),
      suppliers: fc.tuple(...supplierIds.map(supplierArb)),
      ingredients: fc.tuple(...ingredientIds.map((id) => ingredientArb(id, unitOf.get(id)!))),
      offers: fc
        .tuple(...ingredientIds.map((id) => fc.integer({ min: 0, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => offerArb(id, k))))))
        .map((lists) => lists.flat()),
      products: fc.constant(productIds.map((id) => ({ id, name: `Product ${id}` }))),
      recipes: fc.tuple(
        ...productIds.map((productId) =>
          fc.record({
            id: fc.constant(`${productId}-recipe`),
            productId: fc.constant(productId),
            yieldQuantity: fc.integer({ min: 4, max: 24 }),
            ingredients: fc.subarray(ingredientIds, { minLength: 1 }).chain((ids) =>
              fc.tuple(
                ...ids.map((ingredientId) =>
                  fc.record({ ingredientId: fc.constant(ingredientId), quantity: cents(0.01, 2), unit: recipeUnitArb(unitOf.get(ingredientId)!) }),
                ),
              ),
            ),
          }),
        ),
      ),
      sales: fc
        .tuple(
          ...productIds.map((productId) =>
            fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 56 }).map((values) =>
              values.map((quantity, k) => ({ productId, date: addDays(PLAN_DATE, k - values.length), quantity })),
            ),
          ),
        )
        .map((lists) => lists.flat()),
      scheduledReceipts: fc.array(
        fc.record({
          ingredientId: fc.constantFrom(...ingredientIds),
          deliveryDate: fc.integer({ min: -1, max: 12 }).map((k) => addDays(PLAN_DATE, k)),
          quantity: fc.integer({ min: 1, max: 100 }),
        }),
        { maxLength: 2 },
      ),
    });
  });

const NUM_RUNS = 200;
const EPS = 1e-6;

function leadTime(input: PlanningInput, offerId: string): number {
  const offer = input.offers.find((o) => o.id === offerId)!;
  return offer.leadTimeDays ?? input.suppliers.find((s) => s.id === offer.supplierId)!.leadTimeDays;
}

function deliversOn(supplier: SupplierInput, date: string): boolean {
  return supplier.deliveryDays.length === 0 || supplier.deliveryDays.includes(weekdayOf(date));
}

/** The day an order placed on `orderDate` arrives: the supplier's first delivery day ≥ orderDate + L. */
function arrivalOf(supplier: SupplierInput, orderDate: string, leadTimeDays: number): string {
  let date = addDays(orderDate, leadTimeDays);
  while (!deliversOn(supplier, date)) date = addDays(date, 1);
  return date;
}

/** First day index (from the plan date) any offer of the ingredient can deliver on, ordering `orderDay`; Infinity without offers. */
function earliestFeasibleDelivery(input: PlanningInput, ingredientId: string, orderDay = 0): number {
  let earliest = Infinity;
  for (const offer of input.offers.filter((o) => o.ingredientId === ingredientId)) {
    const supplier = input.suppliers.find((s) => s.id === offer.supplierId)!;
    let k = orderDay + leadTime(input, offer.id);
    while (!deliversOn(supplier, addDays(input.planDate, k))) k++;
    earliest = Math.min(earliest, k);
  }
  return earliest;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = (seed * (i + 7)) % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe('planning properties', () => {
  it('keeps every day from the earliest feasible delivery on at or above safety stock', () => {
    fc.assert(
      fc.property(tenantArb, (input) => {
        const { procurement } = runPlanning(input);
        for (const projection of procurement.projections) {
          const from = earliestFeasibleDelivery(input, projection.ingredientId);
          projection.days.forEach((d, k) => {
            if (k >= from) expect(d.closing, `${projection.ingredientId} on ${d.date}`).toBeGreaterThanOrEqual(projection.safetyStock - EPS);
          });
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never lets closing stock go below 0, and loses demand only on days no feasible order could reach', () => {
    fc.assert(
      fc.property(tenantArb, (input) => {
        const { procurement } = runPlanning(input);
        for (const projection of procurement.projections) {
          const from = earliestFeasibleDelivery(input, projection.ingredientId);
          projection.days.forEach((d, k) => {
            expect(d.closing).toBeGreaterThanOrEqual(0);
            expect(d.shortfall).toBeGreaterThanOrEqual(0);
            if (d.shortfall > 0) expect(k, `${projection.ingredientId} loses demand on ${d.date}`).toBeLessThan(from);
          });
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('projects each ingredient to the horizon end, its earliest possible delivery, or the day before an order placed tomorrow could arrive, whichever is latest', () => {
    fc.assert(
      fc.property(tenantArb, (input) => {
        const { procurement } = runPlanning(input);
        for (const projection of procurement.projections) {
          const from = earliestFeasibleDelivery(input, projection.ingredientId);
          const tomorrows = earliestFeasibleDelivery(input, projection.ingredientId, 1);
          expect(projection.days).toHaveLength(Number.isFinite(from) ? Math.max(input.horizonDays, from + 1, tomorrows) : input.horizonDays);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('reports every day left below safety stock as STOCKOUT_RISK', () => {
    fc.assert(
      fc.property(tenantArb, (input) => {
        const { procurement } = runPlanning(input);
        const atRisk = new Set(procurement.warnings.filter((w) => w.code === 'STOCKOUT_RISK').map((w) => w.ingredientId));
        for (const projection of procurement.projections) {
          // Quantities are kept to 1e-6, so anything at least half of that below counts as below.
          const below = projection.days.some((d) => projection.safetyStock - d.closing >= EPS / 2 || d.shortfall > 0);
          expect(atRisk.has(projection.ingredientId)).toBe(below);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('orders whole packs, at least the MOQ, arriving on a supplier delivery day, never in the past, urgent lines at once', () => {
    fc.assert(
      fc.property(tenantArb, (input) => {
        const { procurement } = runPlanning(input);
        for (const line of procurement.lines) {
          const offer = input.offers.find((o) => o.id === line.offerId)!;
          const supplier = input.suppliers.find((s) => s.id === line.supplierId)!;
          expect(offer.supplierId).toBe(line.supplierId);
          expect(line.quantity).toBeGreaterThan(0);
          expect(line.quantity).toBeGreaterThanOrEqual(offer.minimumOrderQuantity - EPS);
          if (offer.packSize > 0) {
            const packs = line.quantity / offer.packSize;
            expect(Math.abs(packs - Math.round(packs))).toBeLessThan(EPS);
          }
          // An order placed on orderDate arrives on deliveryDate; an urgent one is placed on the first day that does.
          expect(arrivalOf(supplier, line.orderDate, leadTime(input, line.offerId))).toBe(line.deliveryDate);
          expect(diffDays(input.planDate, line.orderDate)).toBeGreaterThanOrEqual(0);
          if (line.urgent && line.orderDate !== input.planDate) {
            expect(arrivalOf(supplier, addDays(line.orderDate, -1), leadTime(input, line.offerId))).not.toBe(line.deliveryDate);
          }
          expect(deliversOn(supplier, line.deliveryDate)).toBe(true);
          expect(Math.abs(line.cost - line.quantity * line.unitPrice)).toBeLessThanOrEqual(0.005 + 1e-9); // to the cent
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('keeps the books: projections balance, purchase orders hold every line once and add up', () => {
    fc.assert(
      fc.property(tenantArb, (input) => {
        const { procurement } = runPlanning(input);
        for (const projection of procurement.projections) {
          expect(projection.days.length).toBeGreaterThanOrEqual(input.horizonDays);
          projection.days.forEach((d, k) => {
            expect(d.closing).toBeCloseTo(d.opening + d.receipts - d.demand - d.expired + d.shortfall, 5);
            if (k > 0) expect(d.opening).toBe(projection.days[k - 1].closing);
          });
        }
        const poLines = procurement.purchaseOrders.flatMap((po) => po.lines);
        expect(poLines).toEqual(procurement.lines);
        const keys = procurement.purchaseOrders.map((po) => `${po.supplierId} ${po.orderDate}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const po of procurement.purchaseOrders) {
          expect(po.lines.every((line) => line.supplierId === po.supplierId && line.orderDate === po.orderDate)).toBe(true);
          expect(po.total).toBeCloseTo(po.lines.reduce((sum, line) => sum + line.cost, 0), 2);
          const minimum = input.suppliers.find((s) => s.id === po.supplierId)!.minimumOrderValue;
          expect(po.belowMinimumOrderValue).toBe(po.total < minimum);
        }
        expect(procurement.totalCost).toBeCloseTo(procurement.purchaseOrders.reduce((sum, po) => sum + po.total, 0), 2);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is deterministic, whatever order the rows come in', () => {
    fc.assert(
      fc.property(tenantArb, fc.integer({ min: 1, max: 1000 }), (input, seed) => {
        const first = runPlanning(input);
        expect(runPlanning(structuredClone(input))).toEqual(first);
        const reordered: PlanningInput = {
          ...input,
          ingredients: shuffled(input.ingredients, seed),
          suppliers: shuffled(input.suppliers, seed),
          offers: shuffled(input.offers, seed),
          recipes: shuffled(input.recipes, seed),
          products: shuffled(input.products, seed),
          sales: shuffled(input.sales, seed),
        };
        expect(runPlanning(reordered)).toEqual(first);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('merges purchase orders up to the minimum order value without breaking the plan', () => {
    // One supplier, several ingredients whose stock runs low on different days, and a minimum order value that
    // usually forces later orders forward.
    const mergeArb: fc.Arbitrary<ProcurementInput> = fc
      .array(
        fc.record({
          onHand: fc.integer({ min: 0, max: 120 }),
          daily: fc.integer({ min: 1, max: 20 }),
          perishable: fc.boolean(),
          shelfLifeDays: fc.integer({ min: 7, max: 12 }),
          unitPrice: cents(0.5, 5),
          packSize: fc.constantFrom(0, 5, 10),
        }),
        { minLength: 2, maxLength: 6 },
      )
      .chain((rows) =>
        fc.record({
          planDate: fc.constant(PLAN_DATE),
          horizonDays: fc.integer({ min: 5, max: 10 }),
          settings: fc.constant({
            serviceLevel: 0.95,
            safetyStockMethod: 'PERCENTAGE' as const,
            safetyStockPercent: 0.5,
            supplierWeights: { price: 0.5, leadTime: 0.2, reliability: 0.3 },
          }),
          suppliers: supplierArb('s0').map((supplier) => [{ ...supplier, minimumOrderValue: 250 }]),
          ingredients: fc.constant(
            rows.map((row, k) => ({
              id: `i${k}`,
              name: `Ingredient i${k}`,
              unit: 'KG' as const,
              perishable: row.perishable,
              shelfLifeDays: row.shelfLifeDays,
              lots: [{ id: `lot${k}`, quantity: row.onHand, receivedOn: PLAN_DATE, expiresOn: null }],
            })),
          ),
          offers: fc.constant(
            rows.map((row, k) => ({
              id: `o${k}`,
              supplierId: 's0',
              ingredientId: `i${k}`,
              unitPrice: row.unitPrice,
              minimumOrderQuantity: 0,
              packSize: row.packSize,
              leadTimeDays: null,
            })),
          ),
          requirements: fc.constant(
            rows.map((row, k) => ({
              ingredientId: `i${k}`,
              days: Array.from({ length: 10 }, (_, d) => ({ date: addDays(PLAN_DATE, d), quantity: row.daily })),
            })),
          ),
        }),
      );
    let moved = 0;
    fc.assert(
      fc.property(mergeArb, (input) => {
        const result = planProcurement(input);
        const [supplier] = input.suppliers;
        const asPlanning = { ...input, recipes: [], products: [], sales: [], scheduledReceipts: [] } as PlanningInput;
        for (const projection of result.projections) {
          const from = earliestFeasibleDelivery(asPlanning, projection.ingredientId);
          projection.days.forEach((d, k) => {
            if (k >= from) expect(d.closing).toBeGreaterThanOrEqual(projection.safetyStock - EPS);
          });
        }
        for (const line of result.lines) {
          expect(arrivalOf(supplier, line.orderDate, supplier.leadTimeDays)).toBe(line.deliveryDate);
          expect(deliversOn(supplier, line.deliveryDate)).toBe(true);
          if (line.reason.includes('minimum order value')) moved++;
        }
        for (const po of result.purchaseOrders) expect(po.belowMinimumOrderValue).toBe(po.total < 250);
      }),
      { numRuns: NUM_RUNS },
    );
    expect(moved).toBeGreaterThan(0);
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { plannableOffers, plannableRecipes, procurementInput, productionInputs } from './engine-inputs.ts';
import { SNAPSHOT_FORMAT, type PlanningSnapshot } from './snapshot.ts';
import type { PlanningSettings } from './repository/settings.ts';

const flour = randomUUID();
const gone = randomUUID();
const alsoGone = randomUUID();
const mill = randomUUID();

/** Flour, one supplier with an offer for flour and one for an ingredient since deleted; a good recipe and one naming two deleted ingredients. */
function snapshot(): PlanningSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    takenAt: '2026-03-02T04:30:00.000Z',
    ingredients: [{ id: flour, name: 'Flour', unit: 'KG', perishable: false, shelfLifeDays: null, lots: [] }],
    suppliers: [{ id: mill, name: 'Mill', leadTimeDays: 2, reliability: 0.9, minimumOrderValue: 0, currency: 'EUR', deliveryDays: [] }],
    offers: [
      { id: 'offer-flour', supplierId: mill, ingredientId: flour, unitPrice: 0.8, minimumOrderQuantity: 0, packSize: 1, leadTimeDays: null },
      { id: 'offer-gone', supplierId: mill, ingredientId: gone, unitPrice: 3, minimumOrderQuantity: 0, packSize: 1, leadTimeDays: null },
    ],
    recipes: [
      { id: 'bread', name: 'Bread', productId: 'p-bread', yieldQuantity: 1, ingredients: [{ ingredientId: flour, quantity: 500, unit: 'G' }] },
      {
        id: 'cake',
        name: 'Cake',
        productId: 'p-cake',
        yieldQuantity: 1,
        ingredients: [
          { ingredientId: flour, quantity: 200, unit: 'G' },
          { ingredientId: gone, quantity: 100, unit: 'G' },
          { ingredientId: alsoGone, quantity: 1, unit: 'UNIT' },
        ],
      },
    ],
    products: [
      { id: 'p-bread', name: 'Bread' },
      { id: 'p-cake', name: 'Cake' },
    ],
  };
}

describe('dangling references', () => {
  test('a recipe naming ingredients the snapshot lacks is left out with one warning naming it, its product and each missing id', () => {
    const { recipes, warnings } = plannableRecipes(snapshot());
    expect(recipes.map((recipe) => recipe.id)).toEqual(['bread']);
    expect(warnings).toEqual([{ code: 'DANGLING_REFERENCE', message: expect.stringContaining('Recipe "Cake" uses ingredients'), productId: 'p-cake' }]);
    expect(warnings[0].message).toContain(`${gone}, ${alsoGone}`);
  });

  test('an offer for an ingredient the snapshot lacks is left out with a warning naming it and its supplier', () => {
    const { offers, warnings } = plannableOffers(snapshot());
    expect(offers.map((offer) => offer.id)).toEqual(['offer-flour']);
    expect(warnings).toEqual([{ code: 'DANGLING_REFERENCE', message: expect.stringContaining('Offer offer-gone of "Mill"'), supplierId: mill }]);
    expect(warnings[0].message).toContain(gone);
  });

  test('a snapshot without dangling references loses nothing and warns of nothing', () => {
    const clean = snapshot();
    clean.recipes.pop();
    clean.offers.pop();
    expect(plannableRecipes(clean)).toEqual({ recipes: clean.recipes, warnings: [] });
    expect(plannableOffers(clean)).toEqual({ offers: clean.offers, warnings: [] });
  });

  test('the stage inputs carry the filtered recipes and offers and their warnings', () => {
    const production = productionInputs(snapshot(), []);
    expect(production.recipes.map((recipe) => recipe.id)).toEqual(['bread']);
    expect(production.warnings.map((warning) => warning.productId)).toEqual(['p-cake']);

    const settings = { serviceLevel: 0.95, safetyStockMethod: 'PERCENTAGE', safetyStockPercent: 0.5, supplierWeights: { price: 0.5, leadTime: 0.2, reliability: 0.3 }, currency: 'EUR' } as PlanningSettings;
    const { input, warnings } = procurementInput({ snapshot: snapshot(), planDate: '2026-03-02', stockDate: '2026-03-02', horizonDays: 7, settings, requirements: [], scheduledReceipts: [], supplierPerformance: [], batches: [] });
    expect(input.offers.map((offer) => offer.id)).toEqual(['offer-flour']);
    expect(warnings.map((warning) => warning.supplierId)).toEqual([mill]);
  });

  test('a supplier with 5 measured deliveries plans with the measured reliability and delay, and says so', () => {
    const settings = { serviceLevel: 0.95, safetyStockMethod: 'PERCENTAGE', safetyStockPercent: 0.5, supplierWeights: { price: 0.5, leadTime: 0.2, reliability: 0.3 }, currency: 'EUR' } as PlanningSettings;
    const typed = snapshot().suppliers.find((supplier) => supplier.id === mill)!;
    const measured = { supplierId: mill, deliveries: 5, onTimeRate: 0.6, inFullRate: 1, onTimeInFullRate: 0.6, receivedDeliveries: 5, leadTimeMeanDays: typed.leadTimeDays + 1.4, leadTimeP90Days: typed.leadTimeDays + 2, delayMeanDays: 0.6 };
    const args = { snapshot: snapshot(), planDate: '2026-03-02', stockDate: '2026-03-02', horizonDays: 7, settings, requirements: [], scheduledReceipts: [], batches: [] };
    const supplier = procurementInput({ ...args, supplierPerformance: [measured] }).input.suppliers.find((candidate) => candidate.id === mill)!;
    expect(supplier).toMatchObject({ leadTimeDays: typed.leadTimeDays, delayDays: 1 }); // round(0.6)
    expect(supplier.reliability).toBeCloseTo((5 * typed.reliability + 3) / 10, 12);
    expect(supplier.figuresSource).toMatch(/^lead time as typed \+ 1 day measured delay over 5 receipts, reliability \d\.\d\d measured over 5 deliveries/);
    const unmeasured = procurementInput({ ...args, supplierPerformance: [] }).input.suppliers.find((candidate) => candidate.id === mill)!;
    expect(unmeasured).toMatchObject({ leadTimeDays: typed.leadTimeDays, reliability: typed.reliability });
  });
});

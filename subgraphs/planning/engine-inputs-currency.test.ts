import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { describe, expect, test } from 'vitest';
import { procurementInput, snapshotFromStored } from './engine-inputs.ts';
import type { PlanningSettings } from './repository/settings.ts';
import { parseSnapshot } from './snapshot.ts';

const flour = randomUUID();

function supplier(name: string, currency: string, offers: number) {
  return {
    id: randomUUID(),
    name,
    leadTimeDays: 1,
    reliability: 0.9,
    minimumOrderValue: 0,
    currency,
    deliveryDays: [],
    offers: Array.from({ length: offers }, () => ({ id: randomUUID(), ingredient: { id: flour }, unitPrice: 0.8, minimumOrderQuantity: 0, packSize: 1 })),
  };
}

const snapshot = parseSnapshot({
  ingredients: [{ id: flour, name: 'Flour', unit: 'KG', perishable: false, lots: [] }],
  suppliers: [supplier('Mill', 'EUR', 1), supplier('Dollar Mill', 'USD', 2), supplier('Pound Mill', 'GBP', 0)],
  recipes: [],
});

function inputFor(currency: string) {
  const settings = { currency, serviceLevel: 0.95, safetyStockMethod: 'STATISTICAL', safetyStockPercent: 0.5, supplierWeights: { price: 0.5, leadTime: 0.2, reliability: 0.3 } } as PlanningSettings;
  return procurementInput({ snapshot, planDate: '2026-03-02', stockDate: '2026-03-02', horizonDays: 7, settings, requirements: [], scheduledReceipts: [], supplierPerformance: [], batches: [] });
}

describe('procurementInput and the bakery currency', () => {
  test("offers of suppliers in another currency are left out, with one warning per supplier naming it and both currencies", () => {
    const { input, warnings } = inputFor('EUR');
    const mill = snapshot.suppliers.find((entry) => entry.name === 'Mill')!;
    const dollar = snapshot.suppliers.find((entry) => entry.name === 'Dollar Mill')!;
    expect(input.offers.map((offer) => offer.supplierId)).toEqual([mill.id]);
    expect(warnings).toEqual([
      {
        code: 'CURRENCY_MISMATCH',
        supplierId: dollar.id,
        message: "Dollar Mill prices in USD but the bakery plans in EUR: its 2 offers were left out of the plan (change the supplier's currency or the bakery's).",
      },
    ]);
  });

  test('in USD only the USD supplier is planned', () => {
    const { input, warnings } = inputFor('USD');
    expect(input.offers).toHaveLength(2);
    expect(warnings.map((warning) => warning.message)).toEqual([expect.stringMatching(/^Mill prices in EUR but the bakery plans in USD: its offer was left out/)]);
  });
});

describe('snapshotFromStored', () => {
  test('a snapshot stored before suppliers carried their currency (format 1) is refused with what to do', () => {
    const old = { ...snapshot, format: 1 };
    expect(() => snapshotFromStored(old)).toThrow(GraphQLError);
    expect(() => snapshotFromStored(old)).toThrow(/start a new run/);
    expect(snapshotFromStored(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });
});

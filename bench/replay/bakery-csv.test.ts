import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { salesHistory, simulatedBakery } from '../simulation/bakery.ts';
import { bakeryCsvFiles } from './bakery-csv.ts';

describe('the simulated bakery as import files', () => {
  const bakery = simulatedBakery({ seed: 3, size: 'S', startDate: '2026-03-02' });
  const files = bakeryCsvFiles(bakery);
  const rows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

  it('holds one row per ingredient, supplier, offer, recipe line, opening lot and recorded sale', () => {
    expect(rows(files.ingredients)).toHaveLength(bakery.ingredients.length);
    expect(rows(files.suppliers)).toHaveLength(bakery.suppliers.length);
    expect(rows(files.offers)).toHaveLength(bakery.offers.length);
    expect(rows(files.recipes)).toHaveLength(bakery.recipes.reduce((sum, recipe) => sum + recipe.ingredients.length, 0));
    expect(rows(files['stock-lots'])).toHaveLength(bakery.openingLots.filter((lot) => lot.quantity > 0).length);
    expect(rows(files.sales)).toHaveLength(salesHistory(bakery).length);
  });

  it('writes what the simulation knows: shelf life only for perishables, delivery days joined by |, lots with their expiry', () => {
    const perishable = bakery.ingredients.find((ingredient) => ingredient.perishable)!;
    const dry = bakery.ingredients.find((ingredient) => !ingredient.perishable)!;
    const ingredients = rows(files.ingredients);
    expect(ingredients.find((row) => row.sku === perishable.id)).toMatchObject({ perishable: 'true', shelfLifeDays: String(perishable.shelfLifeDays) });
    expect(ingredients.find((row) => row.sku === dry.id)).toMatchObject({ perishable: 'false', shelfLifeDays: '' });
    const supplier = bakery.suppliers.find((candidate) => candidate.deliveryDays.length > 1)!;
    expect(rows(files.suppliers).find((row) => row.name === supplier.name)?.deliveryDays).toBe(supplier.deliveryDays.join('|'));
    const lot = bakery.openingLots.find((candidate) => candidate.ingredientId === perishable.id)!;
    expect(rows(files['stock-lots']).find((row) => row.sku === perishable.id)).toMatchObject({ receivedOn: lot.receivedOn, expiresOn: lot.expiresOn });
  });
});

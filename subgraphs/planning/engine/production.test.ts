import { describe, expect, it } from 'vitest';
import { PlanningInputError } from './errors.ts';
import { ingredientsConsumed, planProduction, recipesByProduct } from './production.ts';
import { day, ingredient } from './test-fixtures.ts';
import type { DemandForecast, RecipeInput } from './types.ts';

function forecastRow(productId: string, k: number, quantity: number, sigma = 0): DemandForecast {
  return { productId, date: day(k), quantity, lower: quantity, upper: quantity, sigma, method: 'MOVING_AVERAGE', error: null };
}

const flour = ingredient({ id: 'flour', name: 'Flour', unit: 'KG' });
const milk = ingredient({ id: 'milk', name: 'Milk', unit: 'L' });
const eggs = ingredient({ id: 'eggs', name: 'Eggs', unit: 'UNIT' });

const loaf: RecipeInput = {
  id: 'loaf-recipe',
  name: 'Country loaf',
  productId: 'loaf',
  yieldQuantity: 20, // loaves per batch
  ingredients: [
    { ingredientId: 'flour', quantity: 5000, unit: 'G' }, // 5 kg per batch
    { ingredientId: 'milk', quantity: 500, unit: 'ML' }, // 0.5 l per batch
  ],
};
const roll: RecipeInput = {
  id: 'roll-recipe',
  name: 'Milk roll',
  productId: 'roll',
  yieldQuantity: 60,
  ingredients: [
    { ingredientId: 'flour', quantity: 3, unit: 'KG' },
    { ingredientId: 'eggs', quantity: 12, unit: 'UNIT' },
  ],
};

describe('planProduction', () => {
  it('rounds batches up and converts requirements to the ingredient unit', () => {
    // Day 0: 45 loaves → ceil(45/20) = 3 batches = 60 loaves; 100 rolls → 2 batches = 120.
    // Flour day 0 = 3 × 5 kg + 2 × 3 kg = 21 kg; milk = 3 × 0.5 l = 1.5 l; eggs = 2 × 12 = 24.
    // Day 1: 20 loaves → exactly 1 batch; 0 rolls → no batch (not listed). Flour 5 kg, milk 0.5 l, eggs 0.
    const result = planProduction(
      [forecastRow('loaf', 0, 45), forecastRow('roll', 0, 100), forecastRow('loaf', 1, 20), forecastRow('roll', 1, 0)],
      [loaf, roll],
      [flour, milk, eggs],
    );
    expect(result.batches).toEqual([
      { date: day(0), recipeId: 'loaf-recipe', productId: 'loaf', batches: 3, quantity: 60, forecastQuantity: 45 },
      { date: day(0), recipeId: 'roll-recipe', productId: 'roll', batches: 2, quantity: 120, forecastQuantity: 100 },
      { date: day(1), recipeId: 'loaf-recipe', productId: 'loaf', batches: 1, quantity: 20, forecastQuantity: 20 },
    ]);
    expect(result.requirements.map((r) => [r.ingredientId, r.unit, r.days.map((d) => d.quantity)])).toEqual([
      ['eggs', 'UNIT', [24, 0]],
      ['flour', 'KG', [21, 5]],
      ['milk', 'L', [1.5, 0.5]],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('does not add a batch for float noise in the forecast', () => {
    const result = planProduction([forecastRow('loaf', 0, 40.0000000001)], [loaf], [flour, milk]);
    expect(result.batches[0].batches).toBe(2);
  });

  it('combines product sigmas into an ingredient demand sigma', () => {
    // σ_flour = √((10 × 5 / 20)² + (30 × 3 / 60)²) = √(2.5² + 1.5²) = √8.5 = 2.915476 kg/day.
    // σ_milk = 10 × 0.5 / 20 = 0.25 l/day; σ_eggs = 30 × 12 / 60 = 6.
    const result = planProduction([forecastRow('loaf', 0, 40, 10), forecastRow('roll', 0, 60, 30)], [loaf, roll], [flour, milk, eggs]);
    const sigma = Object.fromEntries(result.requirements.map((r) => [r.ingredientId, r.demandSigma]));
    expect(sigma.flour).toBeCloseTo(2.915476, 6);
    expect(sigma.milk).toBeCloseTo(0.25, 9);
    expect(sigma.eggs).toBeCloseTo(6, 9);
  });

  it('leaves out an unconvertible recipe line with UNIT_MISMATCH instead of failing', () => {
    // Milk measured in G (mass) but stocked in L (volume); eggs in KG but stocked as UNIT.
    const brioche: RecipeInput = {
      id: 'brioche-recipe',
      name: 'Brioche',
      productId: 'brioche',
      yieldQuantity: 10,
      ingredients: [
        { ingredientId: 'flour', quantity: 2, unit: 'KG' },
        { ingredientId: 'milk', quantity: 400, unit: 'G' },
        { ingredientId: 'eggs', quantity: 1, unit: 'KG' },
      ],
    };
    const result = planProduction([forecastRow('brioche', 0, 10)], [brioche], [flour, milk, eggs]);
    expect(result.batches).toHaveLength(1);
    expect(result.requirements.map((r) => [r.ingredientId, r.days[0].quantity])).toEqual([['flour', 2]]);
    expect(result.warnings).toEqual([
      {
        code: 'UNIT_MISMATCH',
        message: 'Recipe Brioche measures Milk in G, but it is stocked in L; this requirement is left out of the plan until the units agree',
        ingredientId: 'milk',
        productId: 'brioche',
      },
      {
        code: 'UNIT_MISMATCH',
        message: 'Recipe Brioche measures Eggs in KG, but it is stocked in UNIT; this requirement is left out of the plan until the units agree',
        ingredientId: 'eggs',
        productId: 'brioche',
      },
    ]);
  });

  it('makes no batches for a product without a recipe, and uses the smallest recipe id when there are several', () => {
    const other: RecipeInput = { ...loaf, id: 'z-loaf-recipe', yieldQuantity: 1 };
    const result = planProduction([forecastRow('loaf', 0, 30), forecastRow('cake', 0, 5)], [other, loaf], [flour, milk]);
    expect(result.batches.map((b) => [b.productId, b.recipeId, b.batches])).toEqual([['loaf', 'loaf-recipe', 2]]);
  });

  it('rejects a recipe naming an ingredient that is not in the snapshot', () => {
    const broken: RecipeInput = { ...loaf, ingredients: [{ ingredientId: 'ghost', quantity: 1, unit: 'KG' }] };
    expect(() => planProduction([], [broken], [flour])).toThrow(PlanningInputError);
    expect(() => planProduction([], [broken], [flour])).toThrow('recipe loaf-recipe uses ingredient ghost, which is not among the 1 ingredients given');
  });
});

describe('ingredientsConsumed', () => {
  const recipes = recipesByProduct([loaf, roll], new Map([flour, milk, eggs].map((item) => [item.id, item])));

  it('sums batches × quantity per batch in each ingredient’s unit, to 3 decimals; 0 batches use nothing', () => {
    const consumed = ingredientsConsumed(
      [
        { productId: 'loaf', batches: 3 },
        { productId: 'roll', batches: 0 },
      ],
      recipes,
    );
    // 3 × 5000 g = 15 kg of flour, 3 × 500 ml = 1.5 l of milk; the rolls baked nothing.
    expect(consumed).toEqual(new Map([['flour', 15], ['milk', 1.5]]));
  });

  it('refuses a product without a recipe', () => {
    expect(() => ingredientsConsumed([{ productId: 'cake', batches: 1 }], recipes)).toThrow(PlanningInputError);
  });
});

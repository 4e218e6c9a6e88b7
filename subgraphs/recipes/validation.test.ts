import { expect, test } from 'vitest';
import { parseInput } from '../../platform/validation.ts';
import { CreateRecipeInput, UpdateRecipeInput } from './validation.ts';

const flour = '0d9f6b8e-3c2a-4e1f-9b7a-6c5d4e3f2a1b';
const water = '1e0a7c9f-4d3b-4f20-8c8b-7d6e5f4a3b2c';
const recipe = {
  productId: '2f1b8d0a-5e4c-4031-9d9c-8e7f6a5b4c3d',
  name: 'Baguette',
  yieldQuantity: 20,
  ingredients: [
    { ingredientId: flour, quantity: 5, unit: 'KG' },
    { ingredientId: water, quantity: 3.5, unit: 'L' },
  ],
};

test('a valid recipe keeps its lines in order', () => {
  expect(parseInput(CreateRecipeInput, recipe)).toEqual(recipe);
});

test('the same ingredient twice, in any case, is refused at the repeated line', () => {
  const repeated = { ...recipe, ingredients: [...recipe.ingredients, { ingredientId: flour.toUpperCase(), quantity: 1, unit: 'G' }] };
  expect(() => parseInput(CreateRecipeInput, repeated)).toThrow(`input.ingredients.2.ingredientId: repeats ingredient ${flour}`);
});

test('quantities must survive rounding to their NUMERIC(14,4) column', () => {
  const tiny = { ...recipe, ingredients: [{ ingredientId: flour, quantity: 0.00004, unit: 'G' }] };
  expect(() => parseInput(CreateRecipeInput, tiny)).toThrow(/input.ingredients.0.quantity: must be greater than 0/);
});

test('an update may leave the lines alone but may not empty them', () => {
  expect(parseInput(UpdateRecipeInput, { name: 'Flute' })).toEqual({ name: 'Flute' });
  expect(() => parseInput(UpdateRecipeInput, { ingredients: [] })).toThrow(/must list at least one ingredient/);
});

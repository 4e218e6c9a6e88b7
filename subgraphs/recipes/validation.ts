import { z } from 'zod';
import { isUuid } from '../../platform/ids.ts';
import { UNITS, type ProductFields, type RecipeChanges, type RecipeFields } from './models.ts';

/** Most lines one recipe may have. */
export const MAX_RECIPE_LINES = 500;

/**
 * A finite number greater than 0 that fits a Postgres NUMERIC(precision, scale) column once
 * rounded to `scale` places, so an accepted value never overflows or rounds to 0 in SQL.
 */
function positiveNumeric(precision: number, scale: number) {
  const factor = 10 ** scale;
  return z
    .number()
    .refine((value) => Math.round(value * factor) > 0, { message: `must be greater than 0 (at least ${1 / factor})` })
    .refine((value) => Math.round(value * factor) < 10 ** precision, {
      message: `must be less than ${10 ** (precision - scale)}`,
    });
}

const uuid = (what: string) =>
  z
    .string()
    .refine(isUuid, { message: `must be ${what} id (a UUID)` })
    .transform((id) => id.toLowerCase());
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const sku = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^\S+$/, 'must not contain spaces');

const line = z.object({
  ingredientId: uuid('an ingredient'),
  quantity: positiveNumeric(14, 4),
  unit: z.enum(UNITS),
});

const lines = z
  .array(line)
  .min(1, 'must list at least one ingredient')
  .max(MAX_RECIPE_LINES, `must list at most ${MAX_RECIPE_LINES} ingredients`)
  .superRefine((given, ctx) => {
    const seen = new Set<string>();
    given.forEach(({ ingredientId }, index) => {
      if (seen.has(ingredientId)) {
        ctx.addIssue({ code: 'custom', path: [index, 'ingredientId'], message: `repeats ingredient ${ingredientId}` });
      }
      seen.add(ingredientId);
    });
  });

const yieldQuantity = positiveNumeric(14, 3);

export const CreateProductInput = z.object({ sku, name }) satisfies z.ZodType<ProductFields, unknown>;

/** Every field optional; an explicit null is refused (it would erase a required value). */
export const UpdateProductInput = z.object({ sku: sku.optional(), name: name.optional() }) satisfies z.ZodType<
  Partial<ProductFields>,
  unknown
>;

export const CreateRecipeInput = z.object({
  productId: uuid('a product'),
  name,
  yieldQuantity,
  ingredients: lines,
}) satisfies z.ZodType<RecipeFields, unknown>;

export const UpdateRecipeInput = z.object({
  name: name.optional(),
  yieldQuantity: yieldQuantity.optional(),
  ingredients: lines.optional(),
}) satisfies z.ZodType<RecipeChanges, unknown>;


/** One row of a recipes import: a recipe line, with its product and recipe repeated on every line. */
export const RecipeImportRow = z.object({
  productSku: sku,
  productName: name,
  recipeName: name,
  yieldQuantity,
  ingredientSku: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  quantity: line.shape.quantity,
  unit: line.shape.unit,
});
export type RecipeImportRow = z.output<typeof RecipeImportRow>;

import { z } from 'zod';
import { isUuid } from '../../platform/ids.ts';
import { currencyCode as currency } from '../../platform/validation.ts';
import { WEEKDAYS, type OfferFields, type SupplierFields } from './models.ts';

/**
 * A finite number that fits a Postgres NUMERIC(precision, scale) column once rounded to `scale`
 * places, so a value the schema accepts never overflows or rounds to a forbidden 0 in SQL.
 */
function numeric(precision: number, scale: number) {
  const factor = 10 ** scale;
  return z
    .number()
    .refine((value) => Math.abs(Math.round(value * factor)) < 10 ** precision, {
      message: `must be less than ${10 ** (precision - scale)}`,
    });
}

function positiveNumeric(precision: number, scale: number) {
  const smallest = 1 / 10 ** scale;
  return numeric(precision, scale).refine((value) => Math.round(value * 10 ** scale) > 0, {
    message: `must be greater than 0 (at least ${smallest})`,
  });
}

function nonNegativeNumeric(precision: number, scale: number) {
  return numeric(precision, scale).refine((value) => value >= 0, { message: 'must be at least 0' });
}

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const leadTimeDays = z.number().int('must be whole days').min(0, 'must be at least 0').max(365, 'must be at most 365');
const reliability = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const minimumOrderValue = nonNegativeNumeric(14, 2);
const deliveryDays = z
  .array(z.enum(WEEKDAYS))
  .refine((days) => new Set(days).size === days.length, { message: 'must not repeat a weekday' })
  .transform((days) => [...days].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b)));
const uuid = (what: string) => z.string().refine(isUuid, { message: `must be ${what} id (a UUID)` }).transform((id) => id.toLowerCase());

export const CreateSupplierInput = z.object({
  name,
  leadTimeDays,
  reliability,
  minimumOrderValue: minimumOrderValue.default(0),
  currency: currency.default('EUR'),
  deliveryDays: deliveryDays.default([]),
}) satisfies z.ZodType<SupplierFields, unknown>;

/** Every field optional; an explicit null is refused (it would erase a required value). */
export const UpdateSupplierInput = z.object({
  name: name.optional(),
  leadTimeDays: leadTimeDays.optional(),
  reliability: reliability.optional(),
  minimumOrderValue: minimumOrderValue.optional(),
  currency: currency.optional(),
  deliveryDays: deliveryDays.optional(),
}) satisfies z.ZodType<Partial<SupplierFields>, unknown>;

export const UpsertSupplierOfferInput = z.object({
  supplierId: uuid('a supplier'),
  ingredientId: uuid('an ingredient'),
  unitPrice: positiveNumeric(18, 6),
  minimumOrderQuantity: nonNegativeNumeric(14, 3).default(0),
  packSize: positiveNumeric(14, 3).default(1),
  leadTimeDays: leadTimeDays.nullable().default(null),
}) satisfies z.ZodType<OfferFields, unknown>;


/** One row of an offers import: the offer's terms, its supplier by name and its ingredient by sku. */
export const OfferImportRow = UpsertSupplierOfferInput.omit({ supplierId: true, ingredientId: true }).extend({
  supplier: name,
  ingredientSku: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
});

import { z } from 'zod';
import { badUserInput } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { refuseNulCharacters } from '../../platform/validation.ts';
import { STOCK_MOVEMENT_KINDS, STOCK_POSTING_KINDS, UNITS, type StockMovementKind, type StockPostingKind } from './models.ts';

/**
 * Input rules of the inventory API. Every parser returns clean values (trimmed text, quantities
 * rounded to the 3 decimals the database keeps) or throws one BAD_USER_INPUT error listing
 * every problem, each naming its field and the value received.
 *
 * Shelf life: a perishable ingredient needs shelfLifeDays (1..3650), because receipts derive
 * their expiry from it; a non-perishable one must not have any, so a value is never silently
 * ignored.
 */

/** Largest quantity (stock movement, reorder point) accepted, in the ingredient's unit. */
export const MAX_QUANTITY = 1e9;
/** Longest shelf life accepted, in days (10 years). */
export const MAX_SHELF_LIFE_DAYS = 3650;
/** Widest window `expiringWithinDays` accepts, in days. */
export const MAX_EXPIRING_WITHIN_DAYS = 365;

/** Rounds to the 3 decimal places `numeric(14,3)` keeps, so what is checked is what is stored. */
export function roundQuantity(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const typed = (expected: string) => ({
  error: (issue: { input: unknown }) => (issue.input === null ? 'cannot be null' : `must be ${expected}`),
});

const text = (max: number) =>
  z
    .string(typed('a string'))
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

const unit = z.enum(UNITS, typed(`one of ${UNITS.join(', ')}`));

const shelfLifeDays = z
  .int(typed('a whole number of days'))
  .min(1, 'must be at least 1 day')
  .max(MAX_SHELF_LIFE_DAYS, `must be at most ${MAX_SHELF_LIFE_DAYS} days`);

const reorderPoint = z
  .number(typed('a finite number'))
  .min(0, 'must be at least 0')
  .max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`)
  .transform(roundQuantity);

/** createIngredient's input; also each row of an ingredients import. */
export const createIngredientSchema = z
  .object({
    sku: text(64),
    name: text(200),
    category: text(100),
    unit,
    perishable: z.boolean(typed('true or false')).default(false),
    shelfLifeDays: shelfLifeDays.nullable().default(null),
    reorderPoint: reorderPoint.default(0),
  })
  .superRefine((ingredient, ctx) => {
    const problem = shelfLifeProblem(ingredient.perishable, ingredient.shelfLifeDays);
    if (problem) ctx.addIssue({ code: 'custom', path: ['shelfLifeDays'], message: problem, input: ingredient.shelfLifeDays });
  });

const ingredientPatchSchema = z.object({
  sku: text(64).optional(),
  name: text(200).optional(),
  category: text(100).optional(),
  unit: unit.optional(),
  perishable: z.boolean(typed('true or false')).optional(),
  shelfLifeDays: shelfLifeDays.nullable().optional(),
  reorderPoint: reorderPoint.optional(),
});

export type CreateIngredient = z.output<typeof createIngredientSchema>;
/** Fields to change; `shelfLifeDays: null` clears it, an absent field stays as it is. */
export type IngredientPatch = z.output<typeof ingredientPatchSchema>;

const filterSchema = z
  .object({
    category: text(100).nullish(),
    search: z.string().trim().max(200, 'must be at most 200 characters').nullish(),
    perishable: z.boolean().nullish(),
    belowReorderPoint: z.boolean().nullish(),
  })
  .nullish();

/** An ingredient list filter; absent conditions are undefined. */
export interface IngredientFilter {
  category?: string;
  /** Case-insensitive substring of the name or the sku. */
  search?: string;
  perishable?: boolean;
  belowReorderPoint?: boolean;
}

const movementQuantity = z
  .number(typed('a finite number'))
  .refine((value) => Math.abs(value) <= MAX_QUANTITY, `must be at most ${MAX_QUANTITY} in size`)
  .transform(roundQuantity);

const movementSchema = z
  .object({
    ingredientId: z.string().refine(isUuid, 'must be a UUID'),
    kind: z.enum(STOCK_MOVEMENT_KINDS, typed(`one of ${STOCK_MOVEMENT_KINDS.join(', ')}`)),
    quantity: movementQuantity,
    expiresOn: z.string().nullish(),
    note: z.string().trim().max(1000, 'must be at most 1000 characters').nullish(),
  })
  .superRefine((movement, ctx) => {
    const quantityProblem =
      movement.kind === 'ADJUSTMENT'
        ? movement.quantity === 0 && 'must not be 0 (nor round to 0 at 3 decimals) for an ADJUSTMENT'
        : movement.quantity <= 0 && `must be greater than 0 (at least 0.001) for a ${movement.kind}`;
    if (quantityProblem) ctx.addIssue({ code: 'custom', path: ['quantity'], message: quantityProblem, input: movement.quantity });
    const addsLot = movement.kind === 'RECEIPT' || (movement.kind === 'ADJUSTMENT' && movement.quantity > 0);
    if (movement.expiresOn != null && !addsLot) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresOn'],
        message: 'applies only to a RECEIPT or a positive ADJUSTMENT',
        input: movement.expiresOn,
      });
    }
  });

/** One row of a stock-lot import: a RECEIPT of `quantity` received on `receivedOn` (dates already checked as YYYY-MM-DD). */
export const stockLotRowSchema = z.object({
  sku: text(64),
  quantity: movementQuantity.refine((quantity) => quantity > 0, 'must be greater than 0 (at least 0.001) for a RECEIPT'),
  receivedOn: z.string(typed('a date YYYY-MM-DD')),
  expiresOn: z.string().optional(),
});

export interface StockMovementInput {
  ingredientId: string;
  kind: StockMovementKind;
  /** Rounded to 3 decimals; positive except a negative ADJUSTMENT. */
  quantity: number;
  /** YYYY-MM-DD, only for movements that add a lot. */
  expiresOn: string | null;
  note: string | null;
}

/** Why `shelfLifeDays` does not fit `perishable`, or null when it does. */
export function shelfLifeProblem(perishable: boolean, days: number | null): string | null {
  if (perishable && days === null) return 'is required for a perishable ingredient';
  if (!perishable && days !== null) return 'must be null for a non-perishable ingredient (set perishable: true to give one)';
  return null;
}

export function parseCreateIngredient(input: unknown): CreateIngredient {
  return parseOrThrow(createIngredientSchema, input);
}

export function parseIngredientPatch(input: unknown): IngredientPatch {
  return parseOrThrow(ingredientPatchSchema, input);
}

export function parseIngredientFilter(input: unknown): IngredientFilter {
  const filter = parseOrThrow(filterSchema, input, 'filter');
  return {
    category: filter?.category ?? undefined,
    search: filter?.search || undefined,
    perishable: filter?.perishable ?? undefined,
    belowReorderPoint: filter?.belowReorderPoint ?? undefined,
  };
}

export function parseStockMovement(input: unknown): StockMovementInput {
  const movement = parseOrThrow(movementSchema, input);
  return {
    ingredientId: movement.ingredientId.toLowerCase(),
    kind: movement.kind,
    quantity: movement.quantity,
    expiresOn: movement.expiresOn ?? null,
    note: movement.note || null,
  };
}

/** Most lines one postStockMovements call applies. */
export const MAX_POSTING_LINES = 1000;

const postingSchema = z
  .object({
    key: z.string().refine(isUuid, 'must be a UUID'),
    kind: z.enum(STOCK_POSTING_KINDS, typed(`one of ${STOCK_POSTING_KINDS.join(', ')}`)),
    occurredOn: z.string(typed('a date YYYY-MM-DD')),
    note: z.string().trim().max(1000, 'must be at most 1000 characters').nullish(),
    lines: z
      .array(
        z.object({
          ingredientId: z.string().refine(isUuid, 'must be a UUID'),
          quantity: movementQuantity.refine((quantity) => quantity > 0, 'must be greater than 0 (at least 0.001)'),
          lotCode: text(100).nullish(),
          expiresOn: z.string().nullish(),
        }),
      )
      .min(1, 'must hold at least one line')
      .max(MAX_POSTING_LINES, `must hold at most ${MAX_POSTING_LINES} lines`),
  })
  .superRefine((posting, ctx) => {
    posting.lines.forEach((line, index) => {
      if (posting.kind === 'PRODUCTION') {
        for (const field of ['lotCode', 'expiresOn'] as const) {
          if (line[field] != null) ctx.addIssue({ code: 'custom', path: ['lines', index, field], message: 'applies only to a RECEIPT', input: line[field] });
        }
      } else if (line.expiresOn != null && line.expiresOn <= posting.occurredOn) {
        ctx.addIssue({ code: 'custom', path: ['lines', index, 'expiresOn'], message: `must be after occurredOn (${posting.occurredOn})`, input: line.expiresOn });
      }
    });
  });

export interface StockPostingInput {
  /** Lower-case UUID: applied at most once per bakery. */
  key: string;
  kind: StockPostingKind;
  /** YYYY-MM-DD. */
  occurredOn: string;
  note: string | null;
  lines: { ingredientId: string; quantity: number; lotCode: string | null; expiresOn: string | null }[];
}

export function parseStockPosting(input: unknown): StockPostingInput {
  const posting = parseOrThrow(postingSchema, input);
  return {
    key: posting.key.toLowerCase(),
    kind: posting.kind,
    occurredOn: posting.occurredOn,
    note: posting.note || null,
    lines: posting.lines.map((line) => ({
      ingredientId: line.ingredientId.toLowerCase(),
      quantity: line.quantity,
      lotCode: line.lotCode ?? null,
      expiresOn: line.expiresOn ?? null,
    })),
  };
}

/** Validates the `days` of `expiringWithinDays` (0..365). */
export function parseExpiringDays(days: number): number {
  if (!Number.isInteger(days) || days < 0 || days > MAX_EXPIRING_WITHIN_DAYS) {
    throw badUserInput(`days must be between 0 and ${MAX_EXPIRING_WITHIN_DAYS}, got ${days}`, { field: 'days' });
  }
  return days;
}

/** Throws a BAD_USER_INPUT naming every problem when `input` fails `schema`. */
function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, prefix?: string): z.output<T> {
  refuseNulCharacters(input, prefix ?? 'input');
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw invalid(parsed.error.issues, prefix);
}

/** Raises the BAD_USER_INPUT for one field, in the same shape as the schema checks. */
export function invalidField(field: string, message: string, received?: unknown): never {
  throw invalid([{ path: [field], message, input: received }]);
}

function invalid(issues: readonly { path: PropertyKey[]; message: string; input?: unknown }[], prefix?: string) {
  const problems = issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const got = issue.input === null && issue.message === 'cannot be null' ? '' : received(issue.input);
    return { field, message: `${field} ${issue.message}${got}` };
  });
  return badUserInput(problems.map((problem) => problem.message).join('; '), {
    field: problems[0]?.field,
    problems,
  });
}

function received(value: unknown): string {
  if (value === undefined || (typeof value === 'object' && value !== null)) return '';
  const shown = JSON.stringify(value);
  return `, got ${shown.length > 66 ? `${shown.slice(0, 64)}…` : shown}`;
}

import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { badUserInput } from '../../platform/errors.ts';
import { currencyCode, parseInput } from '../../platform/validation.ts';
import { isIsoDate } from '../../platform/scalars.ts';
import { isUuid, parseId } from '../../platform/ids.ts';
import { addDays, canonicalTimeZone, isTimeZone } from '../../platform/time-zones.ts';
import type { WebhookPolicy } from '../../platform/webhook-address.ts';

/**
 * `procurementPlan` and `productionSchedule` are asked by id or by plan date, exactly one of
 * them (the Date scalar has already checked the date).
 */
export function parseIdOrDate(args: { id?: string | null; date?: string | null }): { id: string } | { date: string } {
  const hasId = args.id != null;
  const hasDate = args.date != null;
  if (hasId === hasDate) {
    throw badUserInput(`Give exactly one of id and date, got ${hasId ? 'both' : 'neither'}`, { field: hasId ? 'date' : 'id' });
  }
  return hasId ? { id: parseId(args.id!) } : { date: args.date! };
}

/** Most sales records one `recordSales` call accepts. */
/** Records per recordSales call: 5,000 fit the default body limit (512 KiB) with room to spare. */
export const MAX_SALES_RECORDS = 5_000;
/** Longest `salesHistory` range, in days. */
export const MAX_HISTORY_DAYS = 366;

/** A known IANA zone, stored as Intl spells it (`europe/madrid` → `Europe/Madrid`), so one zone has one spelling. */
const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Madrid').transform(canonicalTimeZone);

/** Shortest time between two scheduled runs of one bakery: a nightly pipeline, not a poller. */
export const MIN_SCHEDULE_INTERVAL_MINUTES = 60;

const cron = z.string().superRefine((expression, ctx) => {
  let fireTimes: ReturnType<typeof CronExpressionParser.parse>;
  try {
    if (expression.trim().split(/\s+/).length !== 5) throw new Error('not 5 fields');
    fireTimes = CronExpressionParser.parse(expression, { currentDate: new Date('2026-01-01T00:00:00Z'), tz: 'UTC' });
  } catch {
    return void ctx.addIssue({ code: 'custom', message: 'must be a 5-field cron expression such as "30 5 * * *"' });
  }
  const gap = shortestGapMinutes(fireTimes);
  if (gap < MIN_SCHEDULE_INTERVAL_MINUTES) {
    ctx.addIssue({ code: 'custom', message: `fires ${gap} minute(s) apart; runs must be at least ${MIN_SCHEDULE_INTERVAL_MINUTES} minutes apart (at most hourly)` });
  }
});

/** The shortest gap between consecutive fire times over the next year (at most 1,000 of them), in minutes. */
function shortestGapMinutes(fireTimes: ReturnType<typeof CronExpressionParser.parse>): number {
  const end = Date.parse('2027-01-01T00:00:00Z');
  let previous = fireTimes.next().getTime();
  let shortest = Infinity;
  for (let count = 0; count < 1_000 && fireTimes.hasNext(); count += 1) {
    const next = fireTimes.next().getTime();
    if (next > end) break;
    shortest = Math.min(shortest, (next - previous) / 60_000);
    previous = next;
  }
  return shortest;
}

/**
 * http(s), no credentials, no control characters (a CR/LF typed into the field is refused, not
 * kept), not an address the policy refuses (platform/webhook-address.ts); stored trimmed, in the
 * URL's normal spelling.
 */
function webhookUrl(policy: WebhookPolicy) {
  return z
    .string()
    .trim()
    .max(2048)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not contain control characters (CR, LF, tab, …)')
    .superRefine((value, ctx) => {
      const problem = policy.urlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => new URL(value).href);
}

const weight = z.number().finite().min(0).max(1);

const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/** Most closed dates a bakery keeps (a year of them). */
export const MAX_CLOSED_DATES = 366;

/** Stored in week order without repeats, so equal sets read back equal. */
const closedWeekdays = z
  .array(z.enum(WEEKDAYS))
  .transform((days) => WEEKDAYS.filter((day) => days.includes(day)));

/** Sorted and deduplicated before the size check: the limit counts distinct days. */
const closedDates = z
  .array(z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD'))
  .transform((dates) => [...new Set(dates)].sort())
  .refine((dates) => dates.length <= MAX_CLOSED_DATES, `must hold at most ${MAX_CLOSED_DATES} distinct dates`);

const settingsPatch = (policy: WebhookPolicy) =>
  z
    .object({
      timezone: timeZone,
      orchestrationCron: cron,
      horizonDays: z.number().int().min(1).max(60),
      serviceLevel: z.number().finite().gt(0).lt(1),
      safetyStockMethod: z.enum(['STATISTICAL', 'PERCENTAGE']),
      safetyStockPercent: z.number().finite().min(0).max(10),
      supplierWeights: z
        .object({ price: weight, leadTime: weight, reliability: weight })
        .refine((w) => w.price + w.leadTime + w.reliability > 0, 'at least one weight must be above 0'),
      webhookUrl: webhookUrl(policy).nullable(),
      currency: currencyCode,
      closedWeekdays,
      closedDates,
      staleSalesAfterDays: z.number().int('must be whole days').min(1, 'must be at least 1').max(365, 'must be at most 365'),
    })
    .partial()
    .strict();

export type SettingsPatch = z.infer<ReturnType<typeof settingsPatch>>;

/** Validates an `updatePlanningSettings` input under the installation's webhook policy; omitted fields stay as they are. */
export function parseSettingsPatch(input: unknown, policy: WebhookPolicy): SettingsPatch {
  const withoutUndefined = Object.fromEntries(Object.entries(input as object).filter(([, value]) => value !== undefined));
  return parseInput(settingsPatch(policy), withoutUndefined);
}

export const TenantInput = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lower-case letters, digits or dashes'),
  name: z.string().trim().min(1).max(200),
  timezone: timeZone,
});
export type TenantInput = z.infer<typeof TenantInput>;

const SalesRecord = z.object({
  productId: z.string().refine(isUuid, 'must be a UUID').transform((id) => id.toLowerCase()),
  date: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD'),
  quantity: z.number().finite().min(0).max(1e7),
  soldOut: z.boolean().nullish().transform((value) => value ?? false),
});
export type SalesRecord = z.infer<typeof SalesRecord>;

/** One row of a sales import: a SalesRecord naming its product by sku. */
export const SalesImportRow = SalesRecord.omit({ productId: true }).extend({
  productSku: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
});

/** Validates a `recordSales` batch: 1..5,000 records, no product and day twice, no future day. */
export function parseSalesRecords(records: unknown, today: string): SalesRecord[] {
  const parsed = parseInput(z.array(SalesRecord).min(1).max(MAX_SALES_RECORDS), records, 'records');
  const seen = new Set<string>();
  for (const [index, record] of parsed.entries()) {
    const key = `${record.productId}/${record.date}`;
    if (seen.has(key)) throw badUserInput(`records.${index} repeats product ${record.productId} on ${record.date}`);
    if (record.date > today) throw badUserInput(`records.${index}.date ${record.date} is in the future (today is ${today})`);
    seen.add(key);
  }
  return parsed;
}

/** Validates a `salesHistory` range: both dates valid, from ≤ to, at most 366 days. */
export function parseHistoryRange(from: string, to: string): void {
  if (from > to) throw badUserInput(`from (${from}) must not be after to (${to})`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_HISTORY_DAYS) throw badUserInput(`salesHistory covers at most ${MAX_HISTORY_DAYS} days, asked ${days}`);
}

/** Validates a `forecasts` range: from ≤ to, at most 366 days. */
export function parseForecastRange(from: string, to: string): void {
  if (from > to) throw badUserInput(`from (${from}) must not be after to (${to})`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_HISTORY_DAYS) throw badUserInput(`forecasts covers at most ${MAX_HISTORY_DAYS} days, asked ${days}`);
}

const STEP_NAME = z.enum(['snapshot', 'forecast', 'production', 'procurement', 'notify']);
const runError = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2,000 characters');

/** Most attempts a step records. */
const MAX_STEP_ATTEMPTS = 1000;
const stepAttempts = z.number().int().min(1, 'must be ≥ 1').max(MAX_STEP_ATTEMPTS, 'must be at most 1,000');

/**
 * A stage mutation's `attempt`: the worker's try of the step (1 = first), counting tries that never
 * reached planning; omitted → one more than recorded.
 */
export function parseAttempt(attempt: number | null | undefined): number | null {
  return attempt == null ? null : parseInput(stepAttempts, attempt, 'attempt');
}

const StartRunInput = z
  .object({
    planDate: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').nullish(),
    // The DateTime scalar has checked the instant.
    firedAt: z.string().nullish(),
    trigger: z.enum(['SCHEDULED', 'MANUAL', 'EVENT']),
    idempotencyKey: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  })
  .superRefine((input, ctx) => {
    if ((input.planDate == null) === (input.firedAt == null)) {
      ctx.addIssue({ code: 'custom', path: ['planDate'], message: 'give exactly one of planDate and firedAt' });
    }
    // With firedAt the key gets ":<plan date>" (11 characters) appended.
    if (input.firedAt != null && input.idempotencyKey.length > 189) {
      ctx.addIssue({ code: 'custom', path: ['idempotencyKey'], message: 'must be at most 189 characters with firedAt' });
    }
  });
export type StartRunInput = z.infer<typeof StartRunInput>;

export function parseStartRunInput(input: unknown): StartRunInput {
  return parseInput(StartRunInput, input);
}

const RunStepInput = z.object({
  name: STEP_NAME,
  status: z.enum(['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'COMPENSATED', 'SKIPPED']),
  attempts: z.number().int().min(0, 'must be ≥ 0').max(MAX_STEP_ATTEMPTS, 'must be at most 1,000').nullish(),
  error: runError.nullish(),
});
export type RunStepInput = z.infer<typeof RunStepInput>;

export function parseRunStepInput(input: unknown): RunStepInput {
  return parseInput(RunStepInput, input);
}

const FinishRunInput = z
  .object({
    status: z.enum(['COMPLETED', 'FAILED', 'COMPENSATED'], 'must be COMPLETED, FAILED or COMPENSATED'),
    error: runError.nullish(),
    failedStep: STEP_NAME.nullish(),
    note: runError.nullish(),
    attempts: stepAttempts.nullish(),
  })
  .superRefine((input, ctx) => {
    const mustBeEmpty = (field: 'error' | 'failedStep' | 'note' | 'attempts', status: string) =>
      input[field] != null && ctx.addIssue({ code: 'custom', path: [field], message: `must be empty for a ${status} run` });
    if (input.status === 'COMPLETED') {
      mustBeEmpty('error', input.status);
      mustBeEmpty('failedStep', input.status);
    } else {
      if (input.error == null) ctx.addIssue({ code: 'custom', path: ['error'], message: `is required for a ${input.status} run` });
      if (input.failedStep == null) ctx.addIssue({ code: 'custom', path: ['failedStep'], message: `is required for a ${input.status} run` });
      mustBeEmpty('note', input.status);
      mustBeEmpty('attempts', input.status);
    }
  });
export type FinishRunInput = z.infer<typeof FinishRunInput>;

export function parseFinishRunInput(input: unknown): FinishRunInput {
  return parseInput(FinishRunInput, input);
}

/** Largest quantity one receipt line takes, in the ingredient's unit (inventory's limit). */
const MAX_RECEIPT_QUANTITY = 1e9;
/** Most lines one receipt takes. */
export const MAX_RECEIPT_LINES = 500;
/** How far back a receipt or a production record may be dated, in days. */
export const MAX_RECEIPT_AGE_DAYS = 366;

/** Rounds to the 3 decimals inventory keeps, so what is checked is what is posted. */
const toThousandths = (value: number) => Math.round(value * 1000) / 1000;

const ReceiptInput = z
  .object({
    id: z.string().refine(isUuid, 'must be a UUID').transform((id) => id.toLowerCase()),
    receivedOn: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD'),
    idempotencyKey: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').nullish(),
    lines: z
      .array(
        z.object({
          ingredientId: z.string().refine(isUuid, 'must be a UUID').transform((id) => id.toLowerCase()),
          quantity: z
            .number()
            .finite()
            .max(MAX_RECEIPT_QUANTITY, `must be at most ${MAX_RECEIPT_QUANTITY}`)
            .transform(toThousandths)
            .refine((quantity) => quantity > 0, 'must be greater than 0 (at least 0.001)'),
          lot: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').nullish(),
          expiresOn: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').nullish(),
        }),
      )
      .min(1, 'must hold at least one line')
      .max(MAX_RECEIPT_LINES, `must hold at most ${MAX_RECEIPT_LINES} lines`),
  })
  .superRefine((input, ctx) => {
    const seen = new Map<string, number>();
    input.lines.forEach((line, index) => {
      if (line.expiresOn != null && line.expiresOn <= input.receivedOn) {
        ctx.addIssue({ code: 'custom', path: ['lines', index, 'expiresOn'], message: `must be after receivedOn (${input.receivedOn}): a lot expires on the first day it may not be used` });
      }
      const lot = `${line.ingredientId}/${line.lot ?? ''}`;
      if (seen.has(lot)) {
        ctx.addIssue({ code: 'custom', path: ['lines', index, 'lot'], message: `repeats line ${seen.get(lot)}'s ingredient and lot: give one line per lot` });
      } else seen.set(lot, index);
    });
  });

/** A receipt as received: quantities rounded to 3 decimals, ids lower-cased, lots without repeats per ingredient. */
export interface ReceiptInput {
  id: string;
  receivedOn: string;
  idempotencyKey: string | null;
  lines: { ingredientId: string; quantity: number; lot: string | null; expiresOn: string | null }[];
}

/**
 * Validates a `receivePurchaseOrder` input: shape and quantities here; `receivedOn` within
 * [today − {@link MAX_RECEIPT_AGE_DAYS}, today] in the bakery's zone; what fits the order (its
 * status, its ingredients, what is still outstanding) is the service's check.
 */
export function parseReceiptInput(input: unknown, today: string): ReceiptInput {
  const parsed = parseInput(ReceiptInput, input);
  assertPastDay('input.receivedOn', parsed.receivedOn, today);
  return {
    id: parsed.id,
    receivedOn: parsed.receivedOn,
    idempotencyKey: parsed.idempotencyKey ?? null,
    lines: parsed.lines.map((line) => ({ ingredientId: line.ingredientId, quantity: line.quantity, lot: line.lot ?? null, expiresOn: line.expiresOn ?? null })),
  };
}

/** Most products one production record takes. */
export const MAX_PRODUCTION_LINES = 500;

const ProductionInput = z
  .object({
    date: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD'),
    batches: z
      .array(
        z.object({
          productId: z.string().refine(isUuid, 'must be a UUID').transform((id) => id.toLowerCase()),
          batches: z.number().int('must be a whole number of batches').min(0, 'must be at least 0').max(100_000, 'must be at most 100,000'),
        }),
      )
      .min(1, 'must hold at least one product')
      .max(MAX_PRODUCTION_LINES, `must hold at most ${MAX_PRODUCTION_LINES} products`),
    allowShortage: z.boolean().nullish().transform((value) => value ?? false),
  })
  .superRefine((input, ctx) => {
    const seen = new Map<string, number>();
    input.batches.forEach((line, index) => {
      if (seen.has(line.productId)) ctx.addIssue({ code: 'custom', path: ['batches', index, 'productId'], message: `repeats line ${seen.get(line.productId)}'s product: one line per product` });
      else seen.set(line.productId, index);
    });
  });
export type ProductionInput = z.output<typeof ProductionInput>;

/** Validates a `recordProduction` input: the day baked is not in the future and at most 366 days ago (the bakery's calendar). */
export function parseProductionInput(input: unknown, today: string): ProductionInput {
  const parsed = parseInput(ProductionInput, input);
  assertPastDay('input.date', parsed.date, today);
  return parsed;
}

/**
 * An optional past day of the bakery's (`submitPurchaseOrder`'s `sentOn`, `supplierPerformance`'s
 * `asOf`): `today` when not given, else a date as {@link assertPastDay} takes it, named `field`.
 */
export function parsePastDayOrToday(field: string, date: string | null | undefined, today: string): string {
  if (date == null) return today;
  if (!isIsoDate(date)) refuseInput([{ path: field, message: 'must be a date YYYY-MM-DD' }]);
  assertPastDay(field, date, today);
  return date;
}

/** A day something happened (received, baked, sent): not after `today`, at most {@link MAX_RECEIPT_AGE_DAYS} before it. */
function assertPastDay(field: string, date: string, today: string): void {
  if (date > today) refuseInput([{ path: field, message: `${date} is in the future (today is ${today} in the bakery's time zone)` }]);
  if (date < addDays(today, -MAX_RECEIPT_AGE_DAYS)) refuseInput([{ path: field, message: `${date} is more than ${MAX_RECEIPT_AGE_DAYS} days ago` }]);
}

/**
 * Throws one BAD_USER_INPUT listing every problem (`input.lines.2.quantity: …`), the first one's
 * path as `field`, in parseInput's words — for the checks a service makes against stored data.
 * Returns when there is none.
 */
export function refuseInput(problems: readonly { path: string; message: string }[]): void {
  if (problems.length === 0) return;
  throw badUserInput(`Invalid input: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`, { field: problems[0].path, problems });
}

import { z } from 'zod';
import { badUserInput } from './errors.ts';

/**
 * Parses a mutation argument with `schema`; on failure throws BAD_USER_INPUT listing every
 * problem by path (`input.unitPrice: must be greater than 0`) so the caller can fix them at once.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, argument = 'input'): z.output<T> {
  const parsed = schema.safeParse(value ?? undefined);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({
    path: [argument, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw badUserInput(`Invalid ${argument}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
    field: argument,
    problems,
  });
}

/** An ISO 4217 currency code, three capital letters (EUR, USD, GBP): a supplier's prices, a bakery's money. */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code of three capital letters, like EUR');

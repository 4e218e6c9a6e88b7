import { z } from 'zod';
import { badUserInput } from './errors.ts';

/**
 * Parses a mutation argument with `schema`; on failure throws BAD_USER_INPUT listing every
 * problem by path (`input.unitPrice: must be greater than 0`) so the caller can fix them at once.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, argument = 'input'): z.output<T> {
  refuseNulCharacters(value, argument);
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

/** The path (below `path`) of the first string in `value` holding U+0000, if any. */
function nulCharacterPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nulCharacterPath(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * Postgres text cannot hold U+0000, so a string with one would fail in SQL as an internal error:
 * refuse it up front as BAD_USER_INPUT naming the field.
 */
export function refuseNulCharacters(value: unknown, argument: string): void {
  const path = nulCharacterPath(value, argument);
  if (path) throw badUserInput(`Invalid ${argument}: ${path}: must not contain the character U+0000`, { field: path });
}

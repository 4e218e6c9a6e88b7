import type { z } from 'zod';
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

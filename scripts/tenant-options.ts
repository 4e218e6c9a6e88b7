import { usageError } from '../platform/cli-args.ts';
import { TenantInput } from '../subgraphs/planning/validation.ts';

/**
 * `--slug`, `--name` and `--timezone` as a TenantInput, or a usage error (exit 2) with one plain
 * sentence per problem ("--timezone is required …"), never zod's own wording.
 */
export function tenantFromOptions(values: { slug?: string; name?: string; timezone?: string }, usage: string): TenantInput {
  const parsed = TenantInput.safeParse(values);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(({ path, message }) => {
    const option = String(path[0]) as keyof typeof values;
    const given = values[option];
    if (given !== undefined) return `--${option} ${JSON.stringify(given)} ${message}`;
    return `--${option} is required${option === 'timezone' ? ' (an IANA zone such as Europe/Madrid)' : ''}`;
  });
  usageError(problems.join('; '), usage);
}

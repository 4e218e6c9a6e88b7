/** True when `error` is Postgres refusing a write because of constraint `name` (unique, foreign key, check…). */
export function violates(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { constraint?: unknown }).constraint === name;
}

/**
 * The hostile documents of issue 12 (findings 1 and 2), shared by the limit tests and the
 * benchmark that times the gateway refusing them. Each stays within the 1 MiB body limit.
 */

const MIB = 1_048_576;

/** `levels` fragments, each spreading the next twice: walked naively, 2^levels spreads (832 bytes at 20 levels). */
export function fragmentBomb(levels: number, leaf = 'tenant { id }', on = 'Query', operation = '{ ...F0 }'): string {
  let document = `query B${operation}`;
  for (let level = 0; level < levels; level++) document += ` fragment F${level} on ${on} { ...F${level + 1} ...F${level + 1} }`;
  return `${document} fragment F${levels} on ${on} { ${leaf} }`;
}

/** Repeats `unit` as often as fits in ~1 MiB together with `head` and `tail`, capped at `count`. */
function nearMiB(head: string, unit: (index: number) => string, count: number, tail: string): string {
  const parts: string[] = [head];
  let length = head.length + tail.length;
  for (let index = 0; index < count; index++) {
    const part = unit(index);
    if (length + part.length > MIB - 1024) break;
    parts.push(part);
    length += part.length;
  }
  parts.push(tail);
  return parts.join('');
}

/** The ~1 MiB shapes of finding 2, by name. */
export const HOSTILE_SHAPES: Record<string, () => string> = {
  '40,000 operations': () => nearMiB('', (index) => `query Q${index}{tenant{id}}`, 40_000, ''),
  '60,000 variable definitions': () => nearMiB('query Q(', (index) => `$v${index}:Int `, 60_000, '){tenant{id}}'),
  '300,000 duplicate fields': () => nearMiB('{tenant{', () => 'id ', 300_000, '}}'),
  '50,000 inline fragments': () => nearMiB('{', () => '...{tenant{id}}', 50_000, '}'),
};

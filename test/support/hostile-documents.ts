/**
 * The hostile documents of issue 12 (findings 1 and 2), shared by the limit tests and the
 * benchmark that times the gateway refusing them: the issue's ~1 MiB shapes (past today's default
 * body limit, 512 KiB) and the same shapes at ~512 KiB, the largest the shipped gateway reads.
 */

const MIB = 1_048_576;

/** `levels` fragments, each spreading the next twice: walked naively, 2^levels spreads (832 bytes at 20 levels). */
export function fragmentBomb(levels: number, leaf = 'tenant { id }', on = 'Query', operation = '{ ...F0 }'): string {
  let document = `query B${operation}`;
  for (let level = 0; level < levels; level++) document += ` fragment F${level} on ${on} { ...F${level + 1} ...F${level + 1} }`;
  return `${document} fragment F${levels} on ${on} { ${leaf} }`;
}

/** Repeats `unit` as often as fits in `bytes` (less 1 KiB) together with `head` and `tail`, capped at `count`. */
function near(bytes: number, head: string, unit: (index: number) => string, count: number, tail: string): string {
  const parts: string[] = [head];
  let length = head.length + tail.length;
  for (let index = 0; index < count; index++) {
    const part = unit(index);
    if (length + part.length > bytes - 1024) break;
    parts.push(part);
    length += part.length;
  }
  parts.push(tail);
  return parts.join('');
}

/** The shapes of finding 2, by name, each as large as fits in `bytes`. */
function shapes(bytes: number): Record<string, () => string> {
  return {
    '40,000 operations': () => near(bytes, '', (index) => `query Q${index}{tenant{id}}`, 40_000, ''),
    '60,000 variable definitions': () => near(bytes, 'query Q(', (index) => `$v${index}:Int `, 60_000, '){tenant{id}}'),
    '300,000 duplicate fields': () => near(bytes, '{tenant{', () => 'id ', 300_000, '}}'),
    '50,000 inline fragments': () => near(bytes, '{', () => '...{tenant{id}}', 50_000, '}'),
  };
}

/** The ~1 MiB shapes of finding 2, by name. */
export const HOSTILE_SHAPES = shapes(MIB);

/** The same shapes cut to fit the default body limit (512 KiB, MAX_BODY_BYTES): the largest the shipped gateway reads. */
export const HOSTILE_SHAPES_AT_BODY_LIMIT = shapes(MIB / 2);

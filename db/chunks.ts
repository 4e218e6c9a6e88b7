/** Rows per multi-row INSERT: Postgres takes at most 65,535 bound values in one statement. */
export const ROWS_PER_INSERT = 1000;

/** `rows` cut into consecutive slices of at most `size` (the last may be shorter). */
export function chunksOf<T>(rows: readonly T[], size = ROWS_PER_INSERT): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

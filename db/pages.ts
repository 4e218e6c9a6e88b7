import type { Knex } from 'knex';

/** One page of rows and how many rows match in all. */
export interface PageWithTotal<Row> {
  rows: Row[];
  totalCount: number;
}

/**
 * Runs a page query (its columns already selected) with the number of all rows `matching()`
 * returns in the same statement, as a scalar subquery Postgres evaluates once: one round trip
 * per page instead of two. Only an empty page after a cursor needs the count on its own.
 */
export async function pageWithTotal<Row>(
  db: Knex,
  rowsQuery: Knex.QueryBuilder,
  matching: () => Knex.QueryBuilder,
  afterCursor: boolean,
): Promise<PageWithTotal<Row>> {
  const rows = (await rowsQuery.select(db.raw('(?) as total_count', [matching().count({ count: '*' })]))) as (Row & { total_count: string })[];
  if (rows.length) return { rows, totalCount: Number(rows[0].total_count) };
  if (!afterCursor) return { rows, totalCount: 0 };
  const [{ count }] = await matching().count<{ count: number }[]>({ count: '*' });
  return { rows, totalCount: Number(count) };
}

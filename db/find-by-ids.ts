import type { Knex } from 'knex';

/**
 * The rows of `query` (already scoped to one tenant) whose uuid `column` is one of `values`, each
 * mapped by `toModel`: one statement for any number of values, none when there are none. The
 * shape every loader's batch function has (`findXByIds`, `findXByRunIds`…).
 */
export async function findByUuids<Row, Model>(
  query: Knex.QueryBuilder,
  column: string,
  values: readonly string[],
  toModel: (row: Row) => Model,
): Promise<Model[]> {
  if (values.length === 0) return [];
  const rows = (await query.whereRaw('?? = any(?::uuid[])', [column, [...values]])) as Row[];
  return rows.map(toModel);
}

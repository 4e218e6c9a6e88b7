/**
 * Row mapping shared by every repository: a model's field `fooBar` is stored in column `foo_bar`,
 * as it is, so one mapper per model replaces a hand-written copy of each field.
 */

type SnakeCase<Name extends string> = Name extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : Name;

/** The row a model is read from: each field under its snake_case column. */
export type RowOf<Model> = { [Field in keyof Model & string as SnakeCase<Field>]: Model[Field] };

/** Every field of a model named once, so that a field added to the model cannot be forgotten. */
export type FieldsOf<Model> = { readonly [Field in keyof Model]-?: true };

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * Builds the mapper from a row (`select *`, extra columns ignored) to `Model`: each field of
 * `fields` read from its snake_case column. A field that needs converting is set after the
 * mapper runs (`{ ...toModel(row), days: sorted(row.days) }`, with `Omit` for its type).
 */
export function rowMapper<Model>(fields: FieldsOf<Model>): (row: RowOf<Model>) => Model {
  const columns = Object.keys(fields).map((field) => [field, snakeCase(field)] as const);
  return (row) => {
    const model: Record<string, unknown> = {};
    for (const [field, column] of columns) model[field] = (row as Record<string, unknown>)[column];
    return model as Model;
  };
}

/** `created_at` to the microsecond, as ISO text in UTC: the keyset cursor of a list ordered by creation. */
export const CREATED_AT_CURSOR = `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

import { CsvError, parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { badUserInput } from './errors.ts';
import { MAX_BATCH_IDS } from './ids.ts';
import { isIsoDate } from './scalars.ts';

/**
 * The shared half of the CSV imports (docs/IMPORT.md): reading a file (RFC 4180 quoting, `,`
 * separator, a header row, UTF-8 with or without BOM), turning its cells into typed values, and
 * collecting every problem by line and column so a bad file is refused whole, with one
 * BAD_USER_INPUT error whose `extensions.problems` lists `{ line, column, message }` (the header
 * is line 1). Each subgraph's import service then checks its own rules and writes all or nothing.
 */

/** Most problems one refusal lists; `extensions.problemCount` still says how many there were. */
export const MAX_IMPORT_PROBLEMS = 100;
/** Most data rows one file may hold (the gateway's body limit usually comes first). */
export const MAX_IMPORT_ROWS = 20_000;

/** What an import reports back (GraphQL `ImportResult`). */
export interface ImportResult {
  kind: string;
  /** Data rows read (header excluded). */
  rows: number;
  created: number;
  updated: number;
}

/** One thing wrong with a file: its line (1-based, header = 1) and column (null for the whole line). */
export interface ImportProblem {
  line: number;
  column: string | null;
  message: string;
}

/** How a column's text becomes a value; an empty cell is always `undefined` (absent). */
export type CellType = 'text' | 'upper' | 'number' | 'integer' | 'boolean' | 'date' | 'weekdays';

export interface ColumnSpec {
  type: CellType;
  /** The header must name it (cells may still be empty where the kind allows). Default false. */
  required?: boolean;
}

/** A kind's columns, by header name, in the order docs/IMPORT.md lists them. */
export type ImportColumns = Record<string, ColumnSpec>;

/** A kind's columns from their types: the `required` ones (the header must name them), then the optional ones. */
export function importColumns(required: Record<string, CellType>, optional: Record<string, CellType> = {}): ImportColumns {
  const specs = (types: Record<string, CellType>, isRequired: boolean) =>
    Object.entries(types).map(([name, type]): [string, ColumnSpec] => [name, isRequired ? { type, required: true } : { type }]);
  return Object.fromEntries([...specs(required, true), ...specs(optional, false)]);
}

/** One data row: its line in the file and its typed values by column (absent when empty). */
export interface ImportRow {
  line: number;
  values: Record<string, unknown>;
}

/** Collects a file's problems; {@link ImportProblems.throwIfAny} refuses the file when there is any. */
export class ImportProblems {
  private readonly problems: ImportProblem[] = [];
  /** Lines already known bad, so later checks do not pile a second, derived problem on them. */
  private readonly badLines = new Set<number>();

  constructor(readonly kind: string) {}

  add(line: number, column: string | null, message: string): void {
    this.problems.push({ line, column, message });
    this.badLines.add(line);
  }

  isBad(line: number): boolean {
    return this.badLines.has(line);
  }

  get count(): number {
    return this.problems.length;
  }

  /** Throws the one BAD_USER_INPUT error naming every problem (sorted by line), nothing written. */
  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const sorted = [...this.problems].sort((a, b) => a.line - b.line);
    const shown = sorted.slice(0, MAX_IMPORT_PROBLEMS);
    const first = shown
      .slice(0, 3)
      .map((problem) => `line ${problem.line}${problem.column ? `, ${problem.column}` : ''}: ${problem.message}`)
      .join('; ');
    const more = sorted.length > 3 ? ` (and ${sorted.length - 3} more)` : '';
    throw badUserInput(`The ${this.kind} file was not imported: ${first}${more}`, {
      problems: shown,
      problemCount: sorted.length,
    });
  }
}

/**
 * Reads `csv` against `columns`: the header must name every required column, no unknown or
 * repeated one; every row must have the header's number of fields. Cells are trimmed and
 * converted by their column's type. Problems go to `problems`; when the file cannot be read at
 * all (bad quoting, bad header, empty) it is refused at once.
 */
export function readImportFile(csv: string, columns: ImportColumns, problems: ImportProblems): ImportRow[] {
  const records = parseRecords(csv, problems);
  problems.throwIfAny();
  if (records.length === 0) {
    problems.add(1, null, `the file is empty; its first line must name the columns (${Object.keys(columns).join(', ')})`);
    problems.throwIfAny();
  }
  const [header, ...body] = records;
  checkHeader(header.fields, columns, problems);
  problems.throwIfAny();
  if (body.length > MAX_IMPORT_ROWS) {
    problems.add(1, null, `the file has ${body.length} rows; at most ${MAX_IMPORT_ROWS} are imported at once (split it)`);
    problems.throwIfAny();
  }
  const names = header.fields.map((name) => name.trim());
  return body.map(({ line, fields }) => {
    if (fields.length !== names.length) {
      problems.add(line, null, `has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${names.length}`);
      return { line, values: {} };
    }
    const values: Record<string, unknown> = {};
    names.forEach((name, index) => {
      const text = fields[index].trim();
      if (text === '') return;
      if (text.includes('\u0000')) return problems.add(line, name, 'must not contain the character U+0000');
      const converted = convertCell(text, columns[name].type);
      if ('problem' in converted) problems.add(line, name, `${converted.problem}, got ${shown(text)}`);
      else values[name] = converted.value;
    });
    return { line, values };
  });
}

/**
 * Checks each row's values with `schema` (the same zod schema the kind's GraphQL mutation uses,
 * so a file obeys the API's rules) and returns the rows that pass, parsed. A problem's column is
 * the schema field's name (each kind names its columns as its schema's fields). Rows already bad
 * are skipped.
 */
export function validateRows<T extends z.ZodType>(
  rows: readonly ImportRow[],
  schema: T,
  problems: ImportProblems,
): { line: number; value: z.output<T> }[] {
  const valid: { line: number; value: z.output<T> }[] = [];
  for (const row of rows) {
    if (problems.isBad(row.line)) continue;
    const parsed = schema.safeParse(row.values);
    if (parsed.success) {
      valid.push({ line: row.line, value: parsed.data });
      continue;
    }
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? String(issue.path[0]) : null;
      const missing = field !== null && row.values[field] === undefined && issue.code === 'invalid_type';
      problems.add(row.line, field, missing ? 'must not be empty' : issue.message);
    }
  }
  return valid;
}

/**
 * The first half of every import: reads `csv` against `columns` and checks each row with
 * `schema` ({@link readImportFile}, {@link validateRows}). Returns the problems so far (the
 * import adds its own, then calls `throwIfAny`), how many data rows the file has, and the rows
 * that passed, parsed.
 */
export function checkImportFile<T extends z.ZodType>(
  kind: string,
  csv: string,
  columns: ImportColumns,
  schema: T,
): { problems: ImportProblems; rowCount: number; rows: { line: number; value: z.output<T> }[] } {
  const problems = new ImportProblems(kind);
  const rows = readImportFile(csv, columns, problems);
  return { problems, rowCount: rows.length, rows: validateRows(rows, schema, problems) };
}

/**
 * Adds a problem on every row whose `keyOf` repeats an earlier row's (a natural key named twice
 * in one file), naming the first line.
 */
export function refuseRepeatedKeys<R extends { line: number }>(
  rows: readonly R[],
  keyOf: (row: R) => string,
  column: string,
  describe: (row: R) => string,
  problems: ImportProblems,
): void {
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const key = keyOf(row);
    const earlier = firstLine.get(key);
    if (earlier === undefined) firstLine.set(key, row.line);
    else problems.add(row.line, column, `repeats ${describe(row)} of line ${earlier}`);
  }
}

/**
 * Refuses the file (a problem on line 1, then thrown) when it names more distinct `keys` than one
 * batched lookup in another subgraph takes ({@link MAX_BATCH_IDS}); returns them, distinct.
 */
export function distinctLookupKeys(keys: readonly string[], column: string, problems: ImportProblems): string[] {
  const distinct = [...new Set(keys)];
  if (distinct.length > MAX_BATCH_IDS) {
    problems.add(1, column, `the file names ${distinct.length} different values; at most ${MAX_BATCH_IDS} are looked up at once (split the file)`);
    problems.throwIfAny();
  }
  return distinct;
}

/** Parses `{ csv }`, the one argument every import mutation takes. */
export function parseImportInput(input: unknown): string {
  const csv = (input as { csv?: unknown } | null | undefined)?.csv;
  if (typeof csv !== 'string') throw badUserInput('input.csv must be the whole file as text', { field: 'input.csv' });
  return csv;
}

interface RawRecord {
  /** The line the record starts on. */
  line: number;
  fields: string[];
}

function parseRecords(csv: string, problems: ImportProblems): RawRecord[] {
  try {
    const parsed = parse(csv, { bom: true, info: true, trim: true, skip_empty_lines: true, relax_column_count: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    // csv-parse counts the line a record ends on; a quoted field may span lines.
    return parsed.map(({ record, info }) => ({
      line: info.lines - record.reduce((sum, field) => sum + (field.match(/\n/g)?.length ?? 0), 0),
      fields: record,
    }));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 1;
    problems.add(line, null, `the file is not valid CSV here: ${error.message.replace(/ at line \d+/, '')}`);
    return [];
  }
}

function checkHeader(header: string[], columns: ImportColumns, problems: ImportProblems): void {
  const names = header.map((name) => name.trim());
  const known = Object.keys(columns);
  const seen = new Set<string>();
  for (const name of names) {
    if (!Object.hasOwn(columns, name)) {
      problems.add(1, name, `unknown column; the columns are ${known.join(', ')}`);
    } else if (seen.has(name)) {
      problems.add(1, name, 'is named twice');
    }
    seen.add(name);
  }
  for (const [name, spec] of Object.entries(columns)) {
    if (spec.required && !seen.has(name)) problems.add(1, name, 'missing column');
  }
}

const WEEKDAY_NAMES = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

function convertCell(text: string, type: CellType): { value: unknown } | { problem: string } {
  switch (type) {
    case 'text':
      return { value: text };
    case 'upper':
      return { value: text.toUpperCase() };
    case 'number': {
      // Number('') and Number('0x10') are too lenient for a spreadsheet cell: a plain decimal only.
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { problem: 'must be a number such as 12.5' };
      return { value: Number(text) };
    }
    case 'integer':
      return /^[+-]?\d+$/.test(text) ? { value: Number(text) } : { problem: 'must be a whole number' };
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', 'yes', '1'].includes(lower)) return { value: true };
      if (['false', 'no', '0'].includes(lower)) return { value: false };
      return { problem: 'must be true or false' };
    }
    case 'date':
      return isIsoDate(text) ? { value: text } : { problem: 'must be a date YYYY-MM-DD' };
    case 'weekdays': {
      const days = text.split('|').map((day) => day.trim().toUpperCase());
      const unknown = days.filter((day) => !WEEKDAY_NAMES.includes(day));
      if (unknown.length > 0) return { problem: `must be weekdays separated by | (MON|WED|FRI)` };
      return { value: days };
    }
  }
}

function shown(text: string): string {
  const quoted = JSON.stringify(text);
  return quoted.length > 42 ? `${quoted.slice(0, 40)}…"` : quoted;
}

import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { checkImportFile, distinctLookupKeys, ImportProblems, MAX_IMPORT_PROBLEMS, readImportFile, refuseRepeatedKeys, type ImportColumns } from './csv-import.ts';

const COLUMNS: ImportColumns = {
  sku: { type: 'text', required: true },
  price: { type: 'number', required: true },
  days: { type: 'integer' },
  fresh: { type: 'boolean' },
  on: { type: 'date' },
  unit: { type: 'upper' },
  deliveryDays: { type: 'weekdays' },
};

/** The problems `work` leaves (in the collector it is given, or one it throws itself), as `line column: message`. */
function problemsOf(work: (problems: ImportProblems) => void): string[] {
  const problems = new ImportProblems('test');
  try {
    work(problems);
    problems.throwIfAny();
  } catch (error) {
    const list = (error as { extensions: { problems: { line: number; column: string | null; message: string }[] } }).extensions.problems;
    return list.map((problem) => `${problem.line} ${problem.column}: ${problem.message}`);
  }
  return [];
}

describe('readImportFile', () => {
  test('converts each cell by its column type; empty cells are absent', () => {
    const rows = readImportFile('sku,price,days,fresh,on,unit,deliveryDays\nA,1.5,3,Yes,2026-01-31,kg,mon|Fri\nB,2,,,,,\n', COLUMNS, new ImportProblems('test'));
    expect(rows).toEqual([
      { line: 2, values: { sku: 'A', price: 1.5, days: 3, fresh: true, on: '2026-01-31', unit: 'KG', deliveryDays: ['MON', 'FRI'] } },
      { line: 3, values: { sku: 'B', price: 2 } },
    ]);
  });

  test.each([
    ['price', '1,5', 'must be a number such as 12.5'],
    ['price', '0x10', 'must be a number such as 12.5'],
    ['days', '2.5', 'must be a whole number'],
    ['fresh', 'maybe', 'must be true or false'],
    ['on', '2026-02-30', 'must be a date YYYY-MM-DD'],
    ['deliveryDays', 'MON|SOMEDAY', 'must be weekdays separated by | (MON|WED|FRI)'],
  ])('a bad %s cell %j is a problem on its line and column', (column, cell, message) => {
    const header = column === 'price' ? 'sku,price' : `sku,price,${column}`;
    const row = column === 'price' ? `A,"${cell}"` : `A,1,"${cell}"`;
    expect(problemsOf((problems) => readImportFile(`${header}\n${row}`, COLUMNS, problems))).toEqual([`2 ${column}: ${message}, got ${JSON.stringify(cell)}`]);
  });

  test('the header: unknown, repeated and missing required columns are problems on line 1', () => {
    expect(problemsOf((problems) => readImportFile('sku,colour,sku\nA,red,B', COLUMNS, problems))).toEqual([
      '1 colour: unknown column; the columns are sku, price, days, fresh, on, unit, deliveryDays',
      '1 sku: is named twice',
      '1 price: missing column',
    ]);
  });

  test('line numbers count blank lines and the lines of quoted fields', () => {
    const rows = readImportFile('sku,price\n\nA,"1"\n"B\nB",2\n\n\nC,3', COLUMNS, new ImportProblems('test'));
    expect(rows.map((row) => row.line)).toEqual([3, 4, 8]);
  });
});

describe('checkImportFile and refuseRepeatedKeys', () => {
  const schema = z.object({ sku: z.string(), price: z.number().positive('must be greater than 0') });

  test('schema problems name the column; a required empty cell "must not be empty"', () => {
    expect(problemsOf(() => checkImportFile('test', 'sku,price\nA,-1\n,2', COLUMNS, schema).problems.throwIfAny())).toEqual(['2 price: must be greater than 0', '3 sku: must not be empty']);
  });

  test('a repeated key is a problem naming the first line', () => {
    const rows = [{ line: 2, sku: 'A' }, { line: 3, sku: 'B' }, { line: 4, sku: 'A' }];
    expect(problemsOf((problems) => refuseRepeatedKeys(rows, (row) => row.sku, 'sku', (row) => `sku ${row.sku}`, problems))).toEqual([
      '4 sku: repeats sku A of line 2',
    ]);
  });
});

test('a file naming more distinct keys than one lookup takes is refused on line 1; repeats count once', () => {
  const keys = Array.from({ length: 5001 }, (_, index) => `K${index}`);
  expect(problemsOf((problems) => distinctLookupKeys(keys, 'sku', problems))).toEqual([
    '1 sku: the file names 5001 different values; at most 5000 are looked up at once (split the file)',
  ]);
  expect(distinctLookupKeys([...keys.slice(0, 5000), 'K1', 'K2'], 'sku', new ImportProblems('test'))).toHaveLength(5000);
});

test('throwIfAny lists at most MAX_IMPORT_PROBLEMS, sorted by line, and says how many there were', () => {
  const problems = new ImportProblems('test');
  for (let line = 300; line > 1; line--) problems.add(line, 'x', 'bad');
  try {
    problems.throwIfAny();
    expect.unreachable();
  } catch (error) {
    const { extensions, message } = error as { message: string; extensions: { code: string; problems: { line: number }[]; problemCount: number } };
    expect(extensions.code).toBe('BAD_USER_INPUT');
    expect(extensions.problems).toHaveLength(MAX_IMPORT_PROBLEMS);
    expect(extensions.problems[0].line).toBe(2);
    expect(extensions.problemCount).toBe(299);
    expect(message).toBe('The test file was not imported: line 2, x: bad; line 3, x: bad; line 4, x: bad (and 296 more)');
  }
});

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { MAX_IMPORT_PROBLEMS } from '../../platform/csv-import.ts';
import { dateIn } from '../../platform/time-zones.ts';
import { runPipelineThroughGateway } from '../planning/pipeline-support.ts';
import { graphql, TEST_JWT_SECRET } from '../support/graphql.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { tenantFingerprint } from '../security/support.ts';
import { exampleFile, IMPORT_KINDS, imported, newBakery, refusedImport, sendImport, type ImportKind } from './support.ts';

/**
 * The CSV imports through the gateway (issue 14, acceptance 2): a whole small bakery from
 * docs/examples gives a plan; a bad file writes nothing and names its lines and columns; every
 * sku is resolved in one request to its owning subgraph.
 */

let stack: TestStack;
let db: Db;

beforeAll(async () => {
  stack = await startTestStack(inject('databaseUrl'));
  db = createDb(inject('databaseUrl'), 2);
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

const url = () => stack.gatewayUrl;

/** A new bakery with the example files of `kinds` imported, in order. */
async function bakeryWith(kinds: readonly ImportKind[]) {
  const bakery = await newBakery(db);
  for (const kind of kinds) await imported(url(), kind, exampleFile(kind), bakery.admin);
  return bakery;
}

/** The kinds a file of `kind` depends on (those before it in import order). */
const before = (kind: ImportKind) => IMPORT_KINDS.slice(0, IMPORT_KINDS.indexOf(kind));

describe('a whole small bakery from docs/examples', () => {
  test('imported in order into a new tenant, then a run, gives a plan with production batches and purchase orders', async () => {
    const bakery = await newBakery(db);
    const results: Record<string, unknown> = {};
    for (const kind of IMPORT_KINDS) results[kind] = await imported(url(), kind, exampleFile(kind), bakery.admin);
    expect(results).toEqual({
      ingredients: { kind: 'ingredients', rows: 8, created: 8, updated: 0 },
      suppliers: { kind: 'suppliers', rows: 2, created: 2, updated: 0 },
      offers: { kind: 'offers', rows: 9, created: 9, updated: 0 },
      recipes: { kind: 'recipes', rows: 14, created: 3, updated: 0 },
      'stock-lots': { kind: 'stockLots', rows: 8, created: 8, updated: 0 },
      sales: { kind: 'sales', rows: 168, created: 168, updated: 0 },
    });

    const { schedule, plan, recorded } = await runPipelineThroughGateway(url(), bakery.service, dateIn(bakery.timezone));
    expect(recorded.snapshot).toMatchObject({ ingredients: 8, suppliers: 2, offers: 9, recipes: 3, products: 3 });
    expect(schedule.batches.length).toBeGreaterThan(0);
    expect(new Set(schedule.batches.map((batch: { product: { id: string } }) => batch.product.id)).size).toBe(3);
    expect(plan.purchaseOrders.length).toBeGreaterThan(0);
    expect(plan.totalCost).toBeGreaterThan(0);
  });

  test('importing the same files again updates rather than duplicates (stock lots and their receipts excepted)', async () => {
    const bakery = await bakeryWith(IMPORT_KINDS);
    const again: Record<string, unknown> = {};
    for (const kind of IMPORT_KINDS) again[kind] = await imported(url(), kind, exampleFile(kind), bakery.admin);
    expect(again).toMatchObject({
      ingredients: { created: 0, updated: 8 },
      suppliers: { created: 0, updated: 2 },
      offers: { created: 0, updated: 9 },
      recipes: { created: 0, updated: 3 },
      'stock-lots': { created: 8, updated: 0 },
      sales: { created: 0, updated: 168 },
    });
    const count = async (table: string) => Number((await db(table).where('tenant_id', bakery.tenantId).count({ n: '*' }))[0].n);
    expect(await count('inventory.ingredients')).toBe(8);
    expect(await count('recipes.recipe_ingredients')).toBe(14);
    expect(await count('inventory.stock_lots')).toBe(16);
  });

  test('stock lots land as the stock movement service leaves a RECEIPT: lot received on the file date, perishables expiring after their shelf life', async () => {
    const bakery = await bakeryWith(before('stock-lots'));
    await imported(url(), 'stock-lots', exampleFile('stock-lots'), bakery.admin);
    const response = await graphql(
      url(),
      `query { ingredientsBySkus(skus: ["BUTTER", "MILK", "FLOUR-T65"]) { ingredients { sku stock { onHand } lots { quantity receivedOn expiresOn } } missingSkus } }`,
      {},
      bakery.admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.ingredientsBySkus).toEqual({
      ingredients: [
        { sku: 'BUTTER', stock: { onHand: 8 }, lots: [{ quantity: 8, receivedOn: '2026-11-27', expiresOn: '2026-12-18' }] },
        { sku: 'MILK', stock: { onHand: 6 }, lots: [{ quantity: 6, receivedOn: '2026-11-30', expiresOn: '2026-12-06' }] },
        { sku: 'FLOUR-T65', stock: { onHand: 100 }, lots: [{ quantity: 100, receivedOn: '2026-11-27', expiresOn: null }] },
      ],
      missingSkus: [],
    });
    const movements = await db('inventory.stock_movements').where('tenant_id', bakery.tenantId).select('kind', 'note', 'recorded_by');
    expect(movements).toHaveLength(8);
    expect(new Set(movements.map((movement) => `${movement.kind} ${movement.note} ${movement.recorded_by}`))).toEqual(
      new Set(['RECEIPT CSV import test-admin']),
    );
  });
});

describe('a bad file changes nothing and names its lines and columns', () => {
  test('one bad line among good ones: nothing of the file is written, the line and column are named', async () => {
    const bakery = await bakeryWith(before('offers'));
    const rowsBefore = await tenantFingerprint(db, bakery.tenantId);
    const lines = exampleFile('offers').trimEnd().split('\n');
    lines[4] = 'Moulin Durand,SUGAR,one euro,10,10,';
    const { problems, message } = await refusedImport(url(), 'offers', lines.join('\n'), bakery.admin);
    expect(problems).toEqual([{ line: 5, column: 'unitPrice', message: 'must be a number such as 12.5, got "one euro"' }]);
    expect(message).toMatch(/^The offers file was not imported: line 5, unitPrice: must be a number/);
    expect(await tenantFingerprint(db, bakery.tenantId)).toEqual(rowsBefore);
  });

  test('a bad line found only while writing (a unit change with stock on hand) rolls the whole file back', async () => {
    const bakery = await bakeryWith(['ingredients', 'stock-lots']);
    const rowsBefore = await tenantFingerprint(db, bakery.tenantId);
    const csv = ['sku,name,category,unit', 'NEW-ONE,New one,Dry goods,KG', 'FLOUR-T65,Wheat flour T65,Dry goods,G'].join('\n');
    const { problems } = await refusedImport(url(), 'ingredients', csv, bakery.admin);
    expect(problems).toEqual([{ line: 3, column: 'unit', message: 'cannot change from KG while 100 KG is on hand (record it out first)' }]);
    expect(await tenantFingerprint(db, bakery.tenantId)).toEqual(rowsBefore);
  });

  test('every bad line is reported, sorted by line, up to the cap, with the total', async () => {
    const bakery = await newBakery(db);
    const rowsBefore = await tenantFingerprint(db, bakery.tenantId);
    const good = 'SKU-OK,Fine,Dry goods,KG,false,,1';
    const csv = ['sku,name,category,unit,perishable,shelfLifeDays,reorderPoint', good.replace('SKU-OK', 'A'), 'B,Bad,Dry goods,KILO,false,,1', 'C,Bad,Dry goods,KG,maybe,,1', good.replace('SKU-OK', 'D'), 'E,Bad,Dry goods,KG,false,,-3'].join('\n');
    const { problems, problemCount } = await refusedImport(url(), 'ingredients', csv, bakery.admin);
    expect(problems.map((problem) => [problem.line, problem.column])).toEqual([
      [3, 'unit'],
      [4, 'perishable'],
      [6, 'reorderPoint'],
    ]);
    expect(problemCount).toBe(3);

    const many = ['sku,name,category,unit', ...Array.from({ length: 150 }, (_, index) => `S${index},Name,Cat,KILO`)].join('\n');
    const capped = await refusedImport(url(), 'ingredients', many, bakery.admin);
    expect(capped.problems).toHaveLength(MAX_IMPORT_PROBLEMS);
    expect(capped.problemCount).toBe(150);
    expect(capped.problems[0]).toMatchObject({ line: 2, column: 'unit' });
    expect(await tenantFingerprint(db, bakery.tenantId)).toEqual(rowsBefore);
  });

  test.each([
    ['an unknown column', 'sku,name,category,unit,colour\nX,X,X,KG,red', [{ line: 1, column: 'colour' }]],
    ['a missing column', 'sku,name,category\nX,X,X', [{ line: 1, column: 'unit' }]],
    ['a column named twice', 'sku,name,category,unit,name\nX,X,X,KG,Y', [{ line: 1, column: 'name' }]],
    ['a row with too few fields', 'sku,name,category,unit\nX,X,X', [{ line: 2, column: null }]],
    ['broken quoting', 'sku,name,category,unit\nX,"X"y,X,KG', [{ line: 2, column: null }]],
    ['an empty file', '', [{ line: 1, column: null }]],
  ] as const)('the file is refused for %s', async (_case, csv, expected) => {
    const bakery = await newBakery(db);
    const { problems } = await refusedImport(url(), 'ingredients', csv, bakery.admin);
    expect(problems.map(({ line, column }) => ({ line, column }))).toEqual(expected);
    expect(problems.every((problem) => problem.message.length > 0)).toBe(true);
  });
});

/**
 * Each kind's bad cases, each on top of the example files of the kinds before it: the expected
 * problems by (line, column) with a word of the message, and nothing written.
 */
const BAD_CASES: [ImportKind, string, string, { line: number; column: string | null; says: RegExp }[]][] = [
  ['ingredients', 'a bad number', 'sku,name,category,unit,reorderPoint\nX,X,X,KG,ten', [{ line: 2, column: 'reorderPoint', says: /must be a number/ }]],
  ['ingredients', 'a perishable without shelf life', 'sku,name,category,unit,perishable\nX,X,X,KG,true', [{ line: 2, column: 'shelfLifeDays', says: /required for a perishable/ }]],
  ['ingredients', 'a sku twice', 'sku,name,category,unit\nX,X,X,KG\nY,Y,Y,G\nX,Z,Z,G', [{ line: 4, column: 'sku', says: /repeats sku X of line 2/ }]],
  ['ingredients', 'an empty required cell', 'sku,name,category,unit\nX,,X,KG', [{ line: 2, column: 'name', says: /must not be empty/ }]],
  ['stock-lots', 'an unknown sku', 'sku,quantity,receivedOn\nFLOUR-T65,10,2026-11-01\nNOPE,10,2026-11-01', [{ line: 3, column: 'sku', says: /names no ingredient/ }]],
  ['stock-lots', 'a bad number', 'sku,quantity,receivedOn\nFLOUR-T65,1O,2026-11-01', [{ line: 2, column: 'quantity', says: /must be a number/ }]],
  ['stock-lots', 'a quantity of 0', 'sku,quantity,receivedOn\nFLOUR-T65,0,2026-11-01', [{ line: 2, column: 'quantity', says: /greater than 0/ }]],
  ['stock-lots', 'a bad date', 'sku,quantity,receivedOn\nFLOUR-T65,5,01/11/2026', [{ line: 2, column: 'receivedOn', says: /YYYY-MM-DD/ }]],
  ['stock-lots', 'a receipt in the future', 'sku,quantity,receivedOn\nFLOUR-T65,5,2999-01-01', [{ line: 2, column: 'receivedOn', says: /in the future/ }]],
  ['stock-lots', 'an expiry before receipt', 'sku,quantity,receivedOn,expiresOn\nMILK,5,2026-11-01,2026-10-01', [{ line: 2, column: 'expiresOn', says: /after receivedOn/ }]],
  ['suppliers', 'a name twice', 'name,leadTimeDays,reliability\nA,1,0.5\nA,2,0.5', [{ line: 3, column: 'name', says: /repeats supplier A of line 2/ }]],
  ['suppliers', 'a reliability above 1', 'name,leadTimeDays,reliability\nA,1,1.5', [{ line: 2, column: 'reliability', says: /between 0 and 1/ }]],
  ['suppliers', 'a bad weekday', 'name,leadTimeDays,reliability,deliveryDays\nA,1,0.5,MON|FUNDAY', [{ line: 2, column: 'deliveryDays', says: /weekdays/ }]],
  ['suppliers', 'a fractional lead time', 'name,leadTimeDays,reliability\nA,1.5,0.5', [{ line: 2, column: 'leadTimeDays', says: /whole number/ }]],
  ['offers', 'an unknown sku', 'supplier,ingredientSku,unitPrice\nMoulin Durand,FLOUR-T65,1\nMoulin Durand,NOPE,1', [{ line: 3, column: 'ingredientSku', says: /names no ingredient/ }]],
  ['offers', 'an unknown supplier', 'supplier,ingredientSku,unitPrice\nNobody & Co,FLOUR-T65,1', [{ line: 2, column: 'supplier', says: /names no supplier/ }]],
  ['offers', 'an offer twice', 'supplier,ingredientSku,unitPrice\nMoulin Durand,SALT,1\nMoulin Durand,SALT,2', [{ line: 3, column: 'ingredientSku', says: /repeats the offer of Moulin Durand for SALT of line 2/ }]],
  ['offers', 'a price of 0', 'supplier,ingredientSku,unitPrice\nMoulin Durand,SALT,0', [{ line: 2, column: 'unitPrice', says: /greater than 0/ }]],
  ['recipes', 'an unknown ingredient sku', 'productSku,productName,recipeName,yieldQuantity,ingredientSku,quantity,unit\nP,P,P,10,FLOUR-T65,1,KG\nP,P,P,10,NOPE,1,KG', [{ line: 3, column: 'ingredientSku', says: /names no ingredient/ }]],
  ['recipes', 'a product whose lines disagree', 'productSku,productName,recipeName,yieldQuantity,ingredientSku,quantity,unit\nP,P,P,10,FLOUR-T65,1,KG\nP,P,P,12,SALT,1,KG', [{ line: 3, column: 'yieldQuantity', says: /differs from line 2/ }]],
  ['recipes', 'an ingredient twice in one recipe', 'productSku,productName,recipeName,yieldQuantity,ingredientSku,quantity,unit\nP,P,P,10,SALT,1,KG\nP,P,P,10,SALT,2,KG', [{ line: 3, column: 'ingredientSku', says: /repeats ingredient SALT of line 2/ }]],
  ['recipes', 'a bad unit', 'productSku,productName,recipeName,yieldQuantity,ingredientSku,quantity,unit\nP,P,P,10,SALT,1,POUND', [{ line: 2, column: 'unit', says: /.+/ }]],
  ['recipes', 'a sku with a space', 'productSku,productName,recipeName,yieldQuantity,ingredientSku,quantity,unit\nMY LOAF,P,P,10,SALT,1,KG', [{ line: 2, column: 'productSku', says: /spaces/ }]],
  ['sales', 'an unknown product sku', 'productSku,date,quantity\nBAGUETTE,2026-11-01,5\nNOPE,2026-11-01,5', [{ line: 3, column: 'productSku', says: /names no product/ }]],
  ['sales', 'a future day', 'productSku,date,quantity\nBAGUETTE,2999-01-01,5', [{ line: 2, column: 'date', says: /in the future/ }]],
  ['sales', 'a product and day twice', 'productSku,date,quantity\nBAGUETTE,2026-11-01,5\nBAGUETTE,2026-11-01,6', [{ line: 3, column: 'date', says: /repeats BAGUETTE on 2026-11-01 of line 2/ }]],
  ['sales', 'a bad number', 'productSku,date,quantity\nBAGUETTE,2026-11-01,-1', [{ line: 2, column: 'quantity', says: /.+/ }]],
  ['sales', 'a bad soldOut', 'productSku,date,quantity,soldOut\nBAGUETTE,2026-11-01,5,perhaps', [{ line: 2, column: 'soldOut', says: /true or false/ }]],
];

describe.each(IMPORT_KINDS)('%s: bad cases write nothing', (kind) => {
  let bakery: Awaited<ReturnType<typeof bakeryWith>>;
  beforeAll(async () => {
    bakery = await bakeryWith(before(kind));
  });

  test.each(BAD_CASES.filter(([caseKind]) => caseKind === kind).map(([, name, csv, expected]) => [name, csv, expected] as const))(
    '%s',
    async (_name, csv, expected) => {
      const rowsBefore = await tenantFingerprint(db, bakery.tenantId);
      const { problems } = await refusedImport(url(), kind, csv, bakery.admin);
      expect(problems.map(({ line, column }) => ({ line, column }))).toEqual(expected.map(({ line, column }) => ({ line, column })));
      problems.forEach((problem, index) => expect(problem.message).toMatch(expected[index].says));
      expect(await tenantFingerprint(db, bakery.tenantId)).toEqual(rowsBefore);
    },
  );
});

describe('CSV as spreadsheets write it', () => {
  test('a BOM, CRLF line ends, quoted fields with commas, quotes and line breaks, blank lines and spaces around cells', async () => {
    const bakery = await newBakery(db);
    const csv = '\uFEFFsku , name,category,unit\r\nQ-1, "Flour, ""extra"" fine" ,Dry goods, kg \r\n\r\nQ-2,"Two\r\nlines",Dry goods,G\r\n';
    expect(await imported(url(), 'ingredients', csv, bakery.admin)).toEqual({ kind: 'ingredients', rows: 2, created: 2, updated: 0 });
    const rows = await db('inventory.ingredients').where('tenant_id', bakery.tenantId).orderBy('sku').select('sku', 'name', 'unit');
    expect(rows).toEqual([
      { sku: 'Q-1', name: 'Flour, "extra" fine', unit: 'KG' },
      { sku: 'Q-2', name: 'Two\r\nlines', unit: 'G' },
    ]);
  });

  test('a line number counts the lines of a quoted field that spans lines', async () => {
    const bakery = await newBakery(db);
    const csv = 'sku,name,category,unit\nQ-1,"one\ntwo\nthree",Dry goods,KG\nQ-2,Bad,Dry goods,KILO';
    const { problems } = await refusedImport(url(), 'ingredients', csv, bakery.admin);
    expect(problems).toMatchObject([{ line: 5, column: 'unit' }]);
  });

  test('a header-only file imports nothing and says so', async () => {
    const bakery = await newBakery(db);
    expect(await imported(url(), 'sales', 'productSku,date,quantity\n', bakery.admin)).toEqual({ kind: 'sales', rows: 0, created: 0, updated: 0 });
  });
});

describe('skus are resolved in one batched request per import', () => {
  test.each([
    ['offers', 'inventory'],
    ['recipes', 'inventory'],
    ['sales', 'recipes'],
  ] as const)('importing %s asks %s once, whatever the number of lines, and that lookup is one SQL statement', async (kind, owner) => {
    const bakery = await bakeryWith(before(kind));
    stack.resetCounts();
    const result = await imported(url(), kind, exampleFile(kind), bakery.admin);
    expect(result.rows).toBeGreaterThan(8);
    // The gateway's own request to the owner counts too when the owner is the import's own subgraph; here it never is.
    expect(stack.subgraphs[owner].requests).toBe(1);
    expect(stack.subgraphs[owner].queries.count).toBe(1);
  });

  test('ingredientsBySkus keeps the order asked, repeats, and lists the missing skus, in one SQL statement', async () => {
    const bakery = await bakeryWith(['ingredients']);
    stack.resetCounts();
    const response = await graphql(
      url(),
      'query ($skus: [String!]!) { ingredientsBySkus(skus: $skus) { ingredients { sku } missingSkus } }',
      { skus: ['SALT', 'NOPE', 'BUTTER', 'SALT', 'salt'] },
      bakery.admin,
    );
    expect(response.data.ingredientsBySkus).toEqual({ ingredients: [{ sku: 'SALT' }, { sku: 'BUTTER' }, { sku: 'SALT' }], missingSkus: ['NOPE', 'salt'] });
    expect(stack.subgraphs.inventory.queries.count).toBe(1);
  });
});

describe('size', () => {
  test('a file larger than the gateway body limit (MAX_BODY_BYTES) is refused with PAYLOAD_TOO_LARGE and nothing is written', async () => {
    const bakery = await bakeryWith(before('sales'));
    const rowsBefore = await tenantFingerprint(db, bakery.tenantId);
    const line = 'BAGUETTE,2026-11-01,5\n';
    const response = await sendImport(url(), 'sales', `productSku,date,quantity\n${line.repeat(Math.ceil(1_100_000 / line.length))}`, bakery.admin);
    expect(response.status).toBe(413);
    expect(response.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await tenantFingerprint(db, bakery.tenantId)).toEqual(rowsBefore);
  });
});

describe('who may import', () => {
  test('a PLANNER is refused with FORBIDDEN and nothing is written', async () => {
    const bakery = await newBakery(db);
    const response = await sendImport(url(), 'ingredients', exampleFile('ingredients'), bakery.planner);
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(Number((await db('inventory.ingredients').where('tenant_id', bakery.tenantId).count({ n: '*' }))[0].n)).toBe(0);
  });
});

describe('npm run import', () => {
  const run = promisify(execFile);
  const cli = (args: string[]) =>
    run('npx', ['tsx', 'scripts/import.ts', ...args], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), JWT_SECRET: TEST_JWT_SECRET, GATEWAY_URL: stack.gatewayUrl, NODE_ENV: 'test' },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  test('imports an example file and prints what it did; a bad file prints each problem as file:line column: message and exits 1', async () => {
    const bakery = await newBakery(db, 'cli');
    const slug = (await db('planning.tenants').where('id', bakery.tenantId).first('slug')).slug as string;
    const good = await cli(['--tenant', slug, '--kind', 'ingredients', 'docs/examples/ingredients.csv']);
    expect(good).toMatchObject({ code: 0, stdout: 'imported 8 rows (created 8, updated 0)\n' });

    const folder = mkdtempSync(join(tmpdir(), 'levain-import-'));
    const file = join(folder, 'suppliers.csv');
    writeFileSync(file, 'name,leadTimeDays,reliability\nGood,1,0.5\nBad,x,2\n');
    const bad = await cli(['--tenant', slug, '--kind', 'suppliers', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${file}:3 leadTimeDays: must be a whole number, got "x"\n`);
    expect(Number((await db('suppliers.suppliers').where('tenant_id', bakery.tenantId).count({ n: '*' }))[0].n)).toBe(0);
  }, 60_000);

  test('--help prints the usage and exits 0; a wrong kind is a usage error', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--kind <ingredients|suppliers|offers|recipes|stock-lots|sales>');
    const wrong = await cli(['--tenant', 'demo', '--kind', 'pastries', 'x.csv']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('error: unknown kind "pastries"');
  }, 60_000);
});

import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { graphql, tenantId, tokenFor } from '../support/graphql.ts';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph.ts';
import { suppliersSubgraph } from '../../subgraphs/suppliers/server.ts';
import { inventorySubgraph } from '../../subgraphs/inventory/server.ts';
import { insertIngredients, manyIngredients } from '../inventory/fixtures.ts';

let sub: TestSubgraph;
let inventory: TestSubgraph;
let demo: string;
let rival: string;
let admin: string;
let viewer: string;
let rivalAdmin: string;

const unique = (prefix: string) => `${prefix} ${randomBytes(5).toString('hex')}`;

const SUPPLIER_FIELDS = 'id name leadTimeDays reliability minimumOrderValue currency deliveryDays';
const OFFER_FIELDS = 'id unitPrice minimumOrderQuantity packSize leadTimeDays effectiveLeadTimeDays ingredient { id } supplier { id }';

async function createSupplier(token: string, input: Record<string, unknown>) {
  const response = await graphql(
    sub.url,
    `mutation ($input: CreateSupplierInput!) { createSupplier(input: $input) { ${SUPPLIER_FIELDS} } }`,
    { input: { leadTimeDays: 2, reliability: 0.9, ...input } },
    token,
  );
  expect(response.errors).toBeUndefined();
  return response.data.createSupplier as { id: string; name: string; leadTimeDays: number };
}

function upsertOffer(token: string, input: Record<string, unknown>) {
  return graphql(
    sub.url,
    `mutation ($input: UpsertSupplierOfferInput!) { upsertSupplierOffer(input: $input) { ${OFFER_FIELDS} } }`,
    { input },
    token,
  );
}

/** `count` new ingredients of `tenant` (default demo), written straight to inventory's table: offers must name real ones. */
async function newIngredients(count: number, tenant = demo): Promise<string[]> {
  return insertIngredients(inventory.db, tenant, manyIngredients(unique('Offered').replace(' ', '-'), count));
}

const newIngredient = async (tenant = demo) => (await newIngredients(1, tenant))[0];

async function supplierRows(where: Record<string, unknown>) {
  return sub.db('suppliers.suppliers').where(where);
}

beforeAll(async () => {
  inventory = await startTestSubgraph(inventorySubgraph, inject('databaseUrl'));
  sub = await startTestSubgraph(suppliersSubgraph, inject('databaseUrl'), { inventoryUrl: inventory.url });
  demo = await tenantId(sub.db, 'demo');
  rival = await tenantId(sub.db, 'rival');
  admin = await tokenFor(demo, ['ADMIN']);
  viewer = await tokenFor(demo, ['VIEWER']);
  rivalAdmin = await tokenFor(rival, ['ADMIN']);
});

afterAll(async () => {
  await sub?.stop();
  await inventory?.stop();
});

describe('authentication and roles', () => {
  test('a request without a token is UNAUTHENTICATED', async () => {
    const response = await graphql(sub.url, '{ suppliers { totalCount } }');
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a VIEWER reads but cannot create, update or change offers, and nothing is written', async () => {
    const name = unique('Viewer Mill');
    const created = await graphql(
      sub.url,
      'mutation ($input: CreateSupplierInput!) { createSupplier(input: $input) { id } }',
      { input: { name, leadTimeDays: 1, reliability: 1 } },
      viewer,
    );
    expect(created.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await supplierRows({ name })).toHaveLength(0);

    const supplier = await createSupplier(admin, { name: unique('Owned Mill') });
    const updated = await graphql(
      sub.url,
      'mutation ($id: ID!) { updateSupplier(id: $id, input: { leadTimeDays: 9 }) { id } }',
      { id: supplier.id },
      viewer,
    );
    expect(updated.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const offer = await upsertOffer(viewer, { supplierId: supplier.id, ingredientId: randomUUID(), unitPrice: 1 });
    expect(offer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const [row] = await supplierRows({ id: supplier.id });
    expect(row.lead_time_days).toBe(2);
    expect(await sub.db('suppliers.offers').where({ supplier_id: supplier.id })).toHaveLength(0);

    const read = await graphql(sub.url, 'query ($id: ID!) { supplier(id: $id) { name } }', { id: supplier.id }, viewer);
    expect(read.data.supplier.name).toBe(supplier.name);
  });
});

describe('suppliers', () => {
  test('createSupplier stores every field, with defaults for the optional ones', async () => {
    const withDefaults = await createSupplier(admin, { name: unique('Plain Mill') });
    expect(withDefaults).toMatchObject({ minimumOrderValue: 0, currency: 'EUR', deliveryDays: [] });

    const name = unique('Full Mill');
    const full = await createSupplier(admin, {
      name: `  ${name} `,
      leadTimeDays: 3,
      reliability: 0.75,
      minimumOrderValue: 120.5,
      currency: 'GBP',
      deliveryDays: ['FRI', 'MON'],
    });
    expect(full).toMatchObject({ name, leadTimeDays: 3, reliability: 0.75, minimumOrderValue: 120.5, currency: 'GBP', deliveryDays: ['MON', 'FRI'] });
  });

  test.each([
    ['an empty name', { name: '   ' }, 'input.name'],
    ['a name over 200 characters', { name: 'x'.repeat(201) }, 'input.name'],
    ['a negative lead time', { leadTimeDays: -1 }, 'input.leadTimeDays'],
    ['a lead time over a year', { leadTimeDays: 366 }, 'input.leadTimeDays'],
    ['reliability above 1', { reliability: 1.01 }, 'input.reliability'],
    ['reliability below 0', { reliability: -0.1 }, 'input.reliability'],
    ['a negative minimum order value', { minimumOrderValue: -5 }, 'input.minimumOrderValue'],
    ['a minimum order value that overflows its column', { minimumOrderValue: 1e13 }, 'input.minimumOrderValue'],
    ['a lower-case currency', { currency: 'eur' }, 'input.currency'],
    ['a four-letter currency', { currency: 'EURO' }, 'input.currency'],
    ['a repeated delivery day', { deliveryDays: ['MON', 'TUE', 'MON'] }, 'input.deliveryDays'],
  ])('createSupplier with %s is BAD_USER_INPUT and writes nothing', async (_label, patch, field) => {
    const name = unique('Invalid Mill');
    const response = await graphql(
      sub.url,
      'mutation ($input: CreateSupplierInput!) { createSupplier(input: $input) { id } }',
      { input: { name, leadTimeDays: 2, reliability: 0.5, ...patch } },
      admin,
    );
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain(field);
    expect(await supplierRows({ tenant_id: demo, name })).toHaveLength(0);
  });

  test('a fractional lead time or an unknown weekday is refused by the schema itself', async () => {
    const name = unique('Typed Mill');
    for (const patch of [{ leadTimeDays: 1.5 }, { deliveryDays: ['MONDAY'] }]) {
      const response = await graphql(
        sub.url,
        'mutation ($input: CreateSupplierInput!) { createSupplier(input: $input) { id } }',
        { input: { name, leadTimeDays: 2, reliability: 0.5, ...patch } },
        admin,
      );
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await supplierRows({ name })).toHaveLength(0);
  });

  test('a supplier name is unique per tenant, on create and on update', async () => {
    const name = unique('Twin Mill');
    const first = await createSupplier(admin, { name });
    const again = await graphql(
      sub.url,
      'mutation ($input: CreateSupplierInput!) { createSupplier(input: $input) { id } }',
      { input: { name, leadTimeDays: 1, reliability: 1 } },
      admin,
    );
    expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0].message).toContain('already exists');
    expect(await supplierRows({ tenant_id: demo, name })).toHaveLength(1);

    const other = await createSupplier(admin, { name: unique('Other Mill') });
    const renamed = await graphql(
      sub.url,
      'mutation ($id: ID!, $name: String!) { updateSupplier(id: $id, input: { name: $name }) { id } }',
      { id: other.id, name },
      admin,
    );
    expect(renamed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await supplierRows({ id: other.id }))[0].name).toBe(other.name);

    // Another bakery may use the same name.
    const rivals = await createSupplier(rivalAdmin, { name });
    expect(rivals.id).not.toBe(first.id);
  });

  test('updateSupplier changes only the fields given and refuses an explicit null', async () => {
    const supplier = await createSupplier(admin, { name: unique('Changing Mill'), deliveryDays: ['TUE'] });
    const response = await graphql(
      sub.url,
      `mutation ($id: ID!, $input: UpdateSupplierInput!) { updateSupplier(id: $id, input: $input) { ${SUPPLIER_FIELDS} } }`,
      { id: supplier.id, input: { leadTimeDays: 5, deliveryDays: [] } },
      admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.updateSupplier).toMatchObject({ name: supplier.name, leadTimeDays: 5, reliability: 0.9, deliveryDays: [] });

    const nulled = await graphql(
      sub.url,
      'mutation ($id: ID!) { updateSupplier(id: $id, input: { name: null }) { id } }',
      { id: supplier.id },
      admin,
    );
    expect(nulled.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await supplierRows({ id: supplier.id }))[0].name).toBe(supplier.name);
  });

  test('a malformed id is BAD_USER_INPUT; an unknown one is null or NOT_FOUND', async () => {
    const malformed = await graphql(sub.url, '{ supplier(id: "flour-co") { id } }', {}, viewer);
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors?.[0].message).toContain('flour-co');

    const unknown = randomUUID();
    const read = await graphql(sub.url, 'query ($id: ID!) { supplier(id: $id) { id } }', { id: unknown }, viewer);
    expect(read.errors).toBeUndefined();
    expect(read.data.supplier).toBeNull();
    const update = await graphql(
      sub.url,
      'mutation ($id: ID!) { updateSupplier(id: $id, input: { leadTimeDays: 1 }) { id } }',
      { id: unknown },
      admin,
    );
    expect(update.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('tenant isolation', () => {
  test("a demo token can neither read nor change rival's supplier, offer or entity", async () => {
    const theirs = await createSupplier(rivalAdmin, { name: unique('Rival Mill'), leadTimeDays: 4 });
    const ingredientId = await newIngredient(rival);
    const theirOffer = await upsertOffer(rivalAdmin, { supplierId: theirs.id, ingredientId, unitPrice: 2 });
    expect(theirOffer.errors).toBeUndefined();

    const read = await graphql(sub.url, 'query ($id: ID!) { supplier(id: $id) { id } }', { id: theirs.id }, admin);
    expect(read.data.supplier).toBeNull();

    const update = await graphql(
      sub.url,
      'mutation ($id: ID!) { updateSupplier(id: $id, input: { name: "Stolen", leadTimeDays: 0 }) { id } }',
      { id: theirs.id },
      admin,
    );
    expect(update.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const [row] = await supplierRows({ id: theirs.id });
    expect(row).toMatchObject({ tenant_id: rival, name: theirs.name, lead_time_days: 4 });

    const offer = await upsertOffer(admin, { supplierId: theirs.id, ingredientId: await newIngredient(), unitPrice: 1 });
    expect(offer.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await sub.db('suppliers.offers').where({ supplier_id: theirs.id })).toHaveLength(1);

    const removal = await graphql(
      sub.url,
      'mutation ($id: ID!) { removeSupplierOffer(id: $id) }',
      { id: theirOffer.data.upsertSupplierOffer.id },
      admin,
    );
    expect(removal.data.removeSupplierOffer).toBe(false);
    expect(await sub.db('suppliers.offers').where({ supplier_id: theirs.id })).toHaveLength(1);

    const entities = await graphql(
      sub.url,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
         ... on Supplier { id name } ... on Ingredient { id offers { id } } } }`,
      { representations: [{ __typename: 'Supplier', id: theirs.id }, { __typename: 'Ingredient', id: ingredientId }] },
      admin,
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data._entities).toEqual([null, { id: ingredientId, offers: [] }]);

    const offers = await graphql(
      sub.url,
      'query ($ids: [ID!]) { supplierOffers(ingredientIds: $ids) { id } }',
      { ids: [ingredientId] },
      admin,
    );
    expect(offers.data.supplierOffers).toEqual([]);
  });
});

describe('offers', () => {
  test('upserting the same supplier and ingredient twice updates one row', async () => {
    const supplier = await createSupplier(admin, { name: unique('Upsert Mill'), leadTimeDays: 3 });
    const ingredientId = await newIngredient();
    const first = await upsertOffer(admin, {
      supplierId: supplier.id,
      ingredientId,
      unitPrice: 1.25,
      minimumOrderQuantity: 50,
      packSize: 25,
      leadTimeDays: 1,
    });
    expect(first.errors).toBeUndefined();
    expect(first.data.upsertSupplierOffer).toMatchObject({
      unitPrice: 1.25,
      minimumOrderQuantity: 50,
      packSize: 25,
      leadTimeDays: 1,
      effectiveLeadTimeDays: 1,
      ingredient: { id: ingredientId },
      supplier: { id: supplier.id },
    });

    const second = await upsertOffer(admin, { supplierId: supplier.id, ingredientId: ingredientId.toUpperCase(), unitPrice: 1.1 });
    expect(second.errors).toBeUndefined();
    expect(second.data.upsertSupplierOffer).toMatchObject({
      id: first.data.upsertSupplierOffer.id,
      unitPrice: 1.1,
      minimumOrderQuantity: 0,
      packSize: 1,
      leadTimeDays: null,
      effectiveLeadTimeDays: 3,
    });
    const rows = await sub.db('suppliers.offers').where({ supplier_id: supplier.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ingredient_id: ingredientId, unit_price: 1.1 });
  });

  test.each([
    ['a zero unit price', { unitPrice: 0 }, 'input.unitPrice'],
    ['a negative unit price', { unitPrice: -1 }, 'input.unitPrice'],
    ['a unit price that rounds to 0 at 6 decimals', { unitPrice: 0.0000004 }, 'input.unitPrice'],
    ['a negative minimum order quantity', { minimumOrderQuantity: -1 }, 'input.minimumOrderQuantity'],
    ['a zero pack size', { packSize: 0 }, 'input.packSize'],
    ['a lead time over a year', { leadTimeDays: 400 }, 'input.leadTimeDays'],
    ['an ingredient id that is not a UUID', { ingredientId: 'flour' }, 'input.ingredientId'],
    ['a supplier id that is not a UUID', { supplierId: 'mill' }, 'input.supplierId'],
  ])('upsertSupplierOffer with %s is BAD_USER_INPUT and writes nothing', async (_label, patch, field) => {
    const supplier = await createSupplier(admin, { name: unique('Strict Mill') });
    const response = await upsertOffer(admin, { supplierId: supplier.id, ingredientId: await newIngredient(), unitPrice: 2, ...patch });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain(field);
    expect(await sub.db('suppliers.offers').where({ supplier_id: supplier.id })).toHaveLength(0);
  });

  test('an offer of an unknown supplier is NOT_FOUND', async () => {
    const supplierId = randomUUID();
    const response = await upsertOffer(admin, { supplierId, ingredientId: await newIngredient(), unitPrice: 2 });
    expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await sub.db('suppliers.offers').where({ supplier_id: supplierId })).toHaveLength(0);
  });

  test('removeSupplierOffer removes once, then answers false', async () => {
    const supplier = await createSupplier(admin, { name: unique('Removing Mill') });
    const offer = await upsertOffer(admin, { supplierId: supplier.id, ingredientId: await newIngredient(), unitPrice: 3 });
    const remove = () =>
      graphql(sub.url, 'mutation ($id: ID!) { removeSupplierOffer(id: $id) }', { id: offer.data.upsertSupplierOffer.id }, admin);
    expect((await remove()).data.removeSupplierOffer).toBe(true);
    expect((await remove()).data.removeSupplierOffer).toBe(false);
    expect(await sub.db('suppliers.offers').where({ supplier_id: supplier.id })).toHaveLength(0);
  });

  test('Supplier.offers, SupplierOffer.supplier and supplierOffers agree', async () => {
    const cheap = await createSupplier(admin, { name: unique('Cheap Mill'), leadTimeDays: 5 });
    const dear = await createSupplier(admin, { name: unique('Dear Mill'), leadTimeDays: 1 });
    const [flour, rye] = await newIngredients(2);
    await upsertOffer(admin, { supplierId: dear.id, ingredientId: flour, unitPrice: 2 });
    await upsertOffer(admin, { supplierId: cheap.id, ingredientId: flour, unitPrice: 1 });
    await upsertOffer(admin, { supplierId: cheap.id, ingredientId: rye, unitPrice: 3, leadTimeDays: 2 });

    const response = await graphql(
      sub.url,
      `query ($id: ID!, $ingredients: [ID!]) {
         supplier(id: $id) { offers { ingredient { id } unitPrice effectiveLeadTimeDays supplier { name } } }
         supplierOffers(ingredientIds: $ingredients) { ingredient { id } supplier { name } unitPrice }
       }`,
      { id: cheap.id, ingredients: [rye, flour, rye] },
      viewer,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.supplier.offers).toEqual([
      { ingredient: { id: flour }, unitPrice: 1, effectiveLeadTimeDays: 5, supplier: { name: cheap.name } },
      { ingredient: { id: rye }, unitPrice: 3, effectiveLeadTimeDays: 2, supplier: { name: cheap.name } },
    ]);
    expect(response.data.supplierOffers).toEqual([
      { ingredient: { id: rye }, supplier: { name: cheap.name }, unitPrice: 3 },
      { ingredient: { id: flour }, supplier: { name: cheap.name }, unitPrice: 1 },
      { ingredient: { id: flour }, supplier: { name: dear.name }, unitPrice: 2 },
    ]);
  });
});

describe('batching', () => {
  test('_entities for 500 ingredients costs one SQL query for offers and one for their suppliers', async () => {
    const suppliers = await Promise.all([1, 2, 3].map((n) => createSupplier(admin, { name: unique(`Batch Mill ${n}`) })));
    const ingredientIds = await newIngredients(500);
    // 60 of the 500 ingredients have offers, from up to three suppliers each.
    const offered = ingredientIds.slice(0, 60);
    const upserts = offered.flatMap((ingredientId, i) =>
      suppliers.slice(0, 1 + (i % 3)).map((supplier, s) => ({ supplierId: supplier.id, ingredientId, unitPrice: 1 + s })),
    );
    const mutation = `mutation (${upserts.map((_, i) => `$o${i}: UpsertSupplierOfferInput!`).join(', ')}) {
      ${upserts.map((_, i) => `o${i}: upsertSupplierOffer(input: $o${i}) { id }`).join('\n')} }`;
    const created = await graphql(sub.url, mutation, Object.fromEntries(upserts.map((input, i) => [`o${i}`, input])), admin);
    expect(created.errors).toBeUndefined();

    sub.queries.reset();
    const response = await graphql(
      sub.url,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
         ... on Ingredient { id offers { unitPrice supplier { name } } } } }`,
      { representations: ingredientIds.map((id) => ({ __typename: 'Ingredient', id })) },
      viewer,
    );
    expect(response.errors).toBeUndefined();
    // One statement for the offers of all 500 ingredients, one for the (three) suppliers they name.
    expect(sub.queries.count).toBe(2);
    const entities = response.data._entities as { id: string; offers: { unitPrice: number; supplier: { name: string } }[] }[];
    expect(entities.map((entity) => entity.id)).toEqual(ingredientIds);
    expect(entities[2].offers).toEqual([
      { unitPrice: 1, supplier: { name: suppliers[0].name } },
      { unitPrice: 2, supplier: { name: suppliers[1].name } },
      { unitPrice: 3, supplier: { name: suppliers[2].name } },
    ]);
    expect(entities.slice(60).every((entity) => entity.offers.length === 0)).toBe(true);
  });

  test('suppliersByIds with 1,000 ids is one SQL query that keeps order and names the missing', async () => {
    const mine = await Promise.all([1, 2, 3].map((n) => createSupplier(admin, { name: unique(`Lookup Mill ${n}`) })));
    const theirs = await createSupplier(rivalAdmin, { name: unique('Rival Lookup Mill') });
    const ids: string[] = Array.from({ length: 1000 }, () => randomUUID());
    ids[10] = mine[2].id;
    ids[500] = theirs.id;
    ids[501] = mine[0].id.toUpperCase();
    ids[999] = mine[1].id;

    sub.queries.reset();
    const response = await graphql(
      sub.url,
      'query ($ids: [ID!]!) { suppliersByIds(ids: $ids) { suppliers { id name } missingIds } }',
      { ids },
      viewer,
    );
    expect(response.errors).toBeUndefined();
    expect(sub.queries.count).toBe(1);
    expect(response.data.suppliersByIds.suppliers).toEqual([
      { id: mine[2].id, name: mine[2].name },
      { id: mine[0].id, name: mine[0].name },
      { id: mine[1].id, name: mine[1].name },
    ]);
    const missing = ids.filter((_, i) => ![10, 501, 999].includes(i));
    expect(response.data.suppliersByIds.missingIds).toEqual(missing);
    expect(response.data.suppliersByIds.missingIds).toContain(theirs.id);
  });

  test('suppliersByIds names malformed ids and refuses more than 5,000', async () => {
    const malformed = await graphql(
      sub.url,
      'query ($ids: [ID!]!) { suppliersByIds(ids: $ids) { missingIds } }',
      { ids: [randomUUID(), 'not-an-id', randomUUID()] },
      viewer,
    );
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors?.[0].message).toContain('"not-an-id"');

    sub.queries.reset();
    const tooMany = await graphql(
      sub.url,
      'query ($ids: [ID!]!) { suppliersByIds(ids: $ids) { missingIds } }',
      { ids: Array.from({ length: 5001 }, () => randomUUID()) },
      viewer,
    );
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0].message).toContain('5000');
    expect(sub.queries.count).toBe(0);
  });
});

describe('pagination', () => {
  test('suppliers pages walk every supplier once, by name, with a stable totalCount', async () => {
    // A tenant of its own, so the count is exact whatever else runs against the database.
    const tenant = randomUUID();
    const token = await tokenFor(tenant, ['ADMIN']);
    const names = ['Bakers Supply', 'able mills', 'Ceres', 'Dairy Co', 'dairy co 2', 'Eggs & More', 'Flour Union'];
    const created = [];
    for (const name of names) created.push(await createSupplier(token, { name }));

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const response: Awaited<ReturnType<typeof graphql<any>>> = await graphql(
        sub.url,
        'query ($after: String) { suppliers(first: 3, after: $after) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }',
        { after },
        token,
      );
      expect(response.errors).toBeUndefined();
      const connection = response.data.suppliers;
      expect(connection.totalCount).toBe(names.length);
      seen.push(...connection.edges.map((edge: { node: { id: string } }) => edge.node.id));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages += 1;
    } while (after);

    expect(pages).toBe(3);
    const rows = await sub.db('suppliers.suppliers').where({ tenant_id: tenant }).orderBy([{ column: 'name' }, { column: 'id' }]);
    expect(seen).toEqual(rows.map((row) => row.id));
    expect(new Set(seen)).toEqual(new Set(created.map((supplier) => supplier.id)));

    const all = await graphql(sub.url, '{ supplierOffers { id } }', {}, token);
    expect(all.data.supplierOffers).toEqual([]);
  });

  test('a page size out of range or a forged cursor is BAD_USER_INPUT', async () => {
    const tooBig = await graphql(sub.url, '{ suppliers(first: 501) { totalCount } }', {}, viewer);
    expect(tooBig.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify(['a', 'not-a-uuid'])).toString('base64url');
    const response = await graphql(sub.url, 'query ($after: String) { suppliers(after: $after) { totalCount } }', { after: forged }, viewer);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { graphql, tenantId, tokenFor } from '../support/graphql.ts';
import { startTestSubgraph, type TestSubgraph } from '../support/subgraph.ts';
import { recipesSubgraph } from '../../subgraphs/recipes/server.ts';
import { inventorySubgraph } from '../../subgraphs/inventory/server.ts';
import { insertIngredients, manyIngredients } from '../inventory/fixtures.ts';

let sub: TestSubgraph;
let inventory: TestSubgraph;
let demo: string;
let rival: string;
let admin: string;
let viewer: string;
let rivalAdmin: string;

const suffix = () => randomBytes(5).toString('hex');

interface Line {
  ingredientId: string;
  quantity: number;
  unit: string;
}

const RECIPE_FIELDS = 'id name yieldQuantity product { id sku } ingredients { ingredient { id } quantity unit }';

async function createProduct(token: string, name = `Loaf ${suffix()}`) {
  const response = await graphql(
    sub.url,
    'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id sku name } }',
    { input: { sku: `SKU-${suffix()}`, name } },
    token,
  );
  expect(response.errors).toBeUndefined();
  return response.data.createProduct as { id: string; sku: string; name: string };
}

function createRecipeRequest(token: string, input: Record<string, unknown>) {
  return graphql(sub.url, `mutation ($input: CreateRecipeInput!) { createRecipe(input: $input) { ${RECIPE_FIELDS} } }`, { input }, token);
}

function updateRecipeRequest(token: string, id: string, input: Record<string, unknown>) {
  return graphql(
    sub.url,
    `mutation ($id: ID!, $input: UpdateRecipeInput!) { updateRecipe(id: $id, input: $input) { ${RECIPE_FIELDS} } }`,
    { id, input },
    token,
  );
}

/** `count` new ingredients of `tenant` (default demo), written straight to inventory's table: recipe lines must name real ones. */
async function newIngredients(count: number, tenant = demo): Promise<string[]> {
  return insertIngredients(inventory.db, tenant, manyIngredients(`line-${suffix()}`, count));
}

/** `count` lines, each naming a new ingredient of `tenant` (default demo). */
async function lines(count: number, tenant = demo): Promise<Line[]> {
  return (await newIngredients(count, tenant)).map((ingredientId, i) => ({ ingredientId, quantity: 100 + i, unit: 'G' }));
}

/** A product with a recipe of `ingredients` (default two new demo ingredients), for `token`'s tenant. */
async function createRecipe(token: string, ingredients?: Line[], name = `Recipe ${suffix()}`) {
  const product = await createProduct(token);
  const response = await createRecipeRequest(token, { productId: product.id, name, yieldQuantity: 10, ingredients: ingredients ?? (await lines(2)) });
  expect(response.errors).toBeUndefined();
  return { product, recipe: response.data.createRecipe as { id: string; name: string } };
}

async function recipeRows(productId: string) {
  return sub.db('recipes.recipes').where({ product_id: productId });
}

async function lineRows(recipeId: string) {
  return sub.db('recipes.recipe_ingredients').where({ recipe_id: recipeId }).orderBy('position');
}

beforeAll(async () => {
  inventory = await startTestSubgraph(inventorySubgraph, inject('databaseUrl'));
  sub = await startTestSubgraph(recipesSubgraph, inject('databaseUrl'), { inventoryUrl: inventory.url });
  demo = await tenantId(sub.db, 'demo');
  rival = await tenantId(sub.db, 'rival');
  admin = await tokenFor(demo, ['ADMIN']);
  viewer = await tokenFor(demo, ['VIEWER']);
  rivalAdmin = await tokenFor(rival, ['ADMIN']);
});

afterAll(async () => {
  await inventory?.stop();
  await sub?.stop();
});

describe('authentication and roles', () => {
  test('a request without a token is UNAUTHENTICATED', async () => {
    const response = await graphql(sub.url, '{ recipes { totalCount } }');
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a VIEWER reads but cannot create or change products and recipes, and nothing is written', async () => {
    const sku = `VIEW-${suffix()}`;
    const product = await graphql(
      sub.url,
      'mutation ($sku: String!) { createProduct(input: { sku: $sku, name: "Viewer loaf" }) { id } }',
      { sku },
      viewer,
    );
    expect(product.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await sub.db('recipes.products').where({ sku })).toHaveLength(0);

    const owned = await createProduct(admin);
    const recipe = await createRecipeRequest(viewer, { productId: owned.id, name: 'Nope', yieldQuantity: 1, ingredients: await lines(1) });
    expect(recipe.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await recipeRows(owned.id)).toHaveLength(0);

    const { recipe: existing } = await createRecipe(admin);
    const update = await updateRecipeRequest(viewer, existing.id, { name: 'Renamed', ingredients: await lines(1) });
    expect(update.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await sub.db('recipes.recipes').where({ id: existing.id }))[0].name).toBe(existing.name);
    expect(await lineRows(existing.id)).toHaveLength(2);

    const read = await graphql(sub.url, 'query ($id: ID!) { recipe(id: $id) { name } }', { id: existing.id }, viewer);
    expect(read.data.recipe.name).toBe(existing.name);
  });
});

describe('products', () => {
  test('createProduct and updateProduct store trimmed fields; a sku is unique per tenant', async () => {
    const sku = `BAG-${suffix()}`;
    const created = await graphql(
      sub.url,
      'mutation ($sku: String!) { createProduct(input: { sku: $sku, name: "  Baguette " }) { id sku name recipe { id } } }',
      { sku: ` ${sku} ` },
      admin,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createProduct).toMatchObject({ sku, name: 'Baguette', recipe: null });

    const twin = await graphql(sub.url, 'mutation ($sku: String!) { createProduct(input: { sku: $sku, name: "Twin" }) { id } }', { sku }, admin);
    expect(twin.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(twin.errors?.[0].message).toContain('already exists');
    expect(await sub.db('recipes.products').where({ tenant_id: demo, sku })).toHaveLength(1);

    const other = await createProduct(admin);
    const clash = await graphql(
      sub.url,
      'mutation ($id: ID!, $sku: String!) { updateProduct(id: $id, input: { sku: $sku }) { id } }',
      { id: other.id, sku },
      admin,
    );
    expect(clash.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await sub.db('recipes.products').where({ id: other.id }))[0].sku).toBe(other.sku);

    const renamed = await graphql(
      sub.url,
      'mutation ($id: ID!) { updateProduct(id: $id, input: { name: "Sourdough" }) { sku name } }',
      { id: other.id },
      admin,
    );
    expect(renamed.data.updateProduct).toEqual({ sku: other.sku, name: 'Sourdough' });

    // Another bakery may use the same sku.
    const theirs = await graphql(sub.url, 'mutation ($sku: String!) { createProduct(input: { sku: $sku, name: "Theirs" }) { id } }', { sku }, rivalAdmin);
    expect(theirs.errors).toBeUndefined();
  });

  test.each([
    ['an empty sku', { sku: '  ' }, 'input.sku'],
    ['a sku with spaces', { sku: 'BIG LOAF' }, 'input.sku'],
    ['a sku over 64 characters', { sku: 'S'.repeat(65) }, 'input.sku'],
    ['an empty name', { name: '' }, 'input.name'],
    ['a name over 200 characters', { name: 'n'.repeat(201) }, 'input.name'],
  ])('createProduct with %s is BAD_USER_INPUT and writes nothing', async (_label, patch, field) => {
    const input = { sku: `OK-${suffix()}`, name: `Invalid ${suffix()}`, ...patch };
    const response = await graphql(sub.url, 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }', { input }, admin);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain(field);
    const rows = await sub.db('recipes.products').where({ tenant_id: demo }).andWhere((q) => q.where({ sku: input.sku.trim() }).orWhere({ name: input.name.trim() }));
    expect(rows).toHaveLength(0);
  });
});

describe('recipes', () => {
  test('createRecipe stores the lines in order and links the product both ways', async () => {
    const product = await createProduct(admin);
    const ids = await newIngredients(4);
    const ingredients = [
      { ingredientId: ids[0], quantity: 1, unit: 'KG' },
      { ingredientId: ids[1].toUpperCase(), quantity: 0.7, unit: 'L' },
      { ingredientId: ids[2], quantity: 20, unit: 'G' },
      { ingredientId: ids[3], quantity: 2, unit: 'UNIT' },
    ];
    const response = await createRecipeRequest(admin, { productId: product.id, name: ' Country loaf ', yieldQuantity: 12, ingredients });
    expect(response.errors).toBeUndefined();
    expect(response.data.createRecipe).toMatchObject({
      name: 'Country loaf',
      yieldQuantity: 12,
      product: { id: product.id, sku: product.sku },
      ingredients: ingredients.map(({ ingredientId, quantity, unit }) => ({ ingredient: { id: ingredientId.toLowerCase() }, quantity, unit })),
    });

    const read = await graphql(
      sub.url,
      'query ($id: ID!) { product(id: $id) { recipe { id name ingredients { unit } } } }',
      { id: product.id },
      viewer,
    );
    expect(read.data.product.recipe).toEqual({
      id: response.data.createRecipe.id,
      name: 'Country loaf',
      ingredients: [{ unit: 'KG' }, { unit: 'L' }, { unit: 'G' }, { unit: 'UNIT' }],
    });
  });

  test.each([
    ['a repeated ingredient', (ids: string[]) => ({ ingredients: [line(ids[0]), line(ids[1]), line(ids[0])] }), 'repeats ingredient'],
    ['a repeated ingredient in another case', (ids: string[]) => ({ ingredients: [line(ids[0]), line(ids[0].toUpperCase())] }), 'repeats ingredient'],
    ['no ingredients', () => ({ ingredients: [] }), 'input.ingredients'],
    ['a zero quantity', (ids: string[]) => ({ ingredients: [{ ...line(ids[0]), quantity: 0 }] }), 'input.ingredients.0.quantity'],
    ['a negative quantity', (ids: string[]) => ({ ingredients: [line(ids[0]), { ...line(ids[1]), quantity: -3 }] }), 'input.ingredients.1.quantity'],
    ['a quantity that rounds to 0', (ids: string[]) => ({ ingredients: [{ ...line(ids[0]), quantity: 0.00001 }] }), 'input.ingredients.0.quantity'],
    ['a quantity that overflows its column', (ids: string[]) => ({ ingredients: [{ ...line(ids[0]), quantity: 1e12 }] }), 'input.ingredients.0.quantity'],
    ['a zero yield', () => ({ yieldQuantity: 0 }), 'input.yieldQuantity'],
    ['a negative yield', () => ({ yieldQuantity: -1 }), 'input.yieldQuantity'],
    ['an ingredient id that is not a UUID', () => ({ ingredients: [line('flour')] }), 'input.ingredients.0.ingredientId'],
    ['a product id that is not a UUID', () => ({ productId: 'baguette' }), 'input.productId'],
    ['an empty name', () => ({ name: ' ' }), 'input.name'],
  ])('createRecipe with %s is BAD_USER_INPUT and leaves no recipe row', async (_label, patchFor, message) => {
    const product = await createProduct(admin);
    const ids = await newIngredients(2);
    const response = await createRecipeRequest(admin, {
      productId: product.id,
      name: 'Invalid',
      yieldQuantity: 10,
      ingredients: [line(ids[0])],
      ...patchFor(ids),
    });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain(message);
    expect(await recipeRows(product.id)).toHaveLength(0);
    expect(await sub.db('recipes.recipe_ingredients').whereIn('ingredient_id', ids)).toHaveLength(0);
  });

  test('an unknown unit is refused by the schema itself', async () => {
    const product = await createProduct(admin);
    const response = await createRecipeRequest(admin, {
      productId: product.id,
      name: 'Cups',
      yieldQuantity: 1,
      ingredients: [{ ingredientId: (await newIngredients(1))[0], quantity: 1, unit: 'CUP' }],
    });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await recipeRows(product.id)).toHaveLength(0);
  });

  test('a product has one recipe; a second is BAD_USER_INPUT and the first stays as it was', async () => {
    const { product, recipe } = await createRecipe(admin, await lines(2));
    const second = await createRecipeRequest(admin, { productId: product.id, name: 'Second', yieldQuantity: 5, ingredients: await lines(3) });
    expect(second.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(second.errors?.[0].message).toContain('already has a recipe');
    const rows = await recipeRows(product.id);
    expect(rows.map((row) => row.id)).toEqual([recipe.id]);
    expect(await lineRows(recipe.id)).toHaveLength(2);
  });

  test('a recipe for an unknown product is NOT_FOUND', async () => {
    const productId = randomUUID();
    const response = await createRecipeRequest(admin, { productId, name: 'Orphan', yieldQuantity: 1, ingredients: await lines(1) });
    expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await recipeRows(productId)).toHaveLength(0);
  });

  test('updateRecipe replaces every line when ingredients are given and keeps them otherwise', async () => {
    const { recipe } = await createRecipe(admin, await lines(3));
    const [dough, milk] = await newIngredients(2);
    const replacement: Line[] = [
      { ingredientId: dough, quantity: 5, unit: 'KG' },
      { ingredientId: milk, quantity: 250, unit: 'ML' },
    ];
    const replaced = await updateRecipeRequest(admin, recipe.id, { yieldQuantity: 24, ingredients: replacement });
    expect(replaced.errors).toBeUndefined();
    expect(replaced.data.updateRecipe).toMatchObject({
      name: recipe.name,
      yieldQuantity: 24,
      ingredients: replacement.map(({ ingredientId, quantity, unit }) => ({ ingredient: { id: ingredientId }, quantity, unit })),
    });
    expect((await lineRows(recipe.id)).map((row) => row.ingredient_id)).toEqual(replacement.map((l) => l.ingredientId));

    const renamed = await updateRecipeRequest(admin, recipe.id, { name: 'Renamed' });
    expect(renamed.data.updateRecipe).toMatchObject({ name: 'Renamed', yieldQuantity: 24 });
    expect(renamed.data.updateRecipe.ingredients).toHaveLength(2);
  });

  test('an invalid updateRecipe changes nothing', async () => {
    const { recipe } = await createRecipe(admin, await lines(2));
    const before = await lineRows(recipe.id);
    const [repeated] = await newIngredients(1);
    for (const input of [
      { name: 'Changed', ingredients: [line(repeated), line(repeated)] },
      { name: 'Changed', ingredients: [] },
      { name: 'Changed', yieldQuantity: 0 },
      { name: null },
    ]) {
      const response = await updateRecipeRequest(admin, recipe.id, input);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await sub.db('recipes.recipes').where({ id: recipe.id }))[0].name).toBe(recipe.name);
    expect(await lineRows(recipe.id)).toEqual(before);
  });

  test('a failure while writing the new lines rolls back the whole update', async () => {
    const { recipe } = await createRecipe(admin, await lines(2));
    const before = await lineRows(recipe.id);
    // Make Postgres refuse one specific ingredient id, after the old lines were deleted.
    const [fine, poison] = await newIngredients(2);
    const fn = `recipes.refuse_${suffix()}`;
    await sub.db.raw(`create function ${fn}() returns trigger language plpgsql as $$
      begin if new.ingredient_id = '${poison}' then raise exception 'refused by test'; end if; return new; end $$`);
    await sub.db.raw(`create trigger refuse_${suffix()} before insert on recipes.recipe_ingredients for each row execute function ${fn}()`);
    try {
      const response = await updateRecipeRequest(admin, recipe.id, { name: 'Half done', ingredients: [line(fine), line(poison)] });
      expect(response.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(response.errors?.[0].message).not.toContain('refused');
    } finally {
      await sub.db.raw(`drop function ${fn}() cascade`);
    }
    expect((await sub.db('recipes.recipes').where({ id: recipe.id }))[0].name).toBe(recipe.name);
    expect(await lineRows(recipe.id)).toEqual(before);
  });
});

describe('tenant isolation', () => {
  test("a demo token can neither read nor change rival's product or recipe", async () => {
    const [shared] = await newIngredients(1, rival);
    const { product: theirProduct, recipe: theirs } = await createRecipe(rivalAdmin, [{ ingredientId: shared, quantity: 3, unit: 'KG' }]);
    // rival's ingredient is not demo's: naming it is refused…
    const borrowed = await createRecipeRequest(admin, { productId: (await createProduct(admin)).id, name: 'Borrowed', yieldQuantity: 1, ingredients: [line(shared)] });
    expect(borrowed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // …so a demo line naming the same id can only be data written before ingredients were checked.
    const { recipe: mine } = await createRecipe(admin, await lines(1));
    await sub.db('recipes.recipe_ingredients').where({ recipe_id: mine.id }).update({ ingredient_id: shared });

    const read = await graphql(
      sub.url,
      'query ($recipe: ID!, $product: ID!) { recipe(id: $recipe) { id } product(id: $product) { id } }',
      { recipe: theirs.id, product: theirProduct.id },
      admin,
    );
    expect(read.data).toEqual({ recipe: null, product: null });

    const update = await updateRecipeRequest(admin, theirs.id, { name: 'Stolen', ingredients: await lines(1) });
    expect(update.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const [row] = await sub.db('recipes.recipes').where({ id: theirs.id });
    expect(row).toMatchObject({ tenant_id: rival, name: theirs.name });
    expect((await lineRows(theirs.id)).map((line) => line.ingredient_id)).toEqual([shared]);

    const productUpdate = await graphql(
      sub.url,
      'mutation ($id: ID!) { updateProduct(id: $id, input: { name: "Stolen" }) { id } }',
      { id: theirProduct.id },
      admin,
    );
    expect(productUpdate.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await sub.db('recipes.products').where({ id: theirProduct.id }))[0].name).toBe(theirProduct.name);

    const hijack = await createRecipeRequest(admin, { productId: theirProduct.id, name: 'Hijack', yieldQuantity: 1, ingredients: await lines(1) });
    expect(hijack.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await recipeRows(theirProduct.id)).toHaveLength(1);

    const entities = await graphql(
      sub.url,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
         ... on Recipe { id } ... on Product { id } ... on Ingredient { id usedIn { id } } } }`,
      {
        representations: [
          { __typename: 'Recipe', id: theirs.id },
          { __typename: 'Product', id: theirProduct.id },
          { __typename: 'Ingredient', id: shared },
        ],
      },
      admin,
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data._entities).toEqual([null, null, { id: shared, usedIn: [{ id: mine.id }] }]);

    const batch = await graphql(
      sub.url,
      'query ($ids: [ID!]!) { recipesByIds(ids: $ids) { recipes { id } missingIds } productsByIds(ids: $ids) { missingIds } }',
      { ids: [theirs.id, mine.id, theirProduct.id] },
      admin,
    );
    expect(batch.data.recipesByIds).toEqual({ recipes: [{ id: mine.id }], missingIds: [theirs.id, theirProduct.id] });
    expect(batch.data.productsByIds.missingIds).toEqual([theirs.id, mine.id, theirProduct.id]);
    // The dangling line made above is not left for other files reading demo's recipes.
    await sub.db('recipes.recipe_ingredients').where({ recipe_id: mine.id }).del();
    await sub.db('recipes.recipes').where({ id: mine.id }).del();
  });
});

describe('batching', () => {
  test('_entities for 500 ingredients selecting usedIn { name } is one SQL query', async () => {
    const ingredientIds = await newIngredients(500);
    // 20 recipes; recipe r uses ingredients r, r+1 and r+2, so ingredient i is in up to three recipes.
    const products = await Promise.all(Array.from({ length: 20 }, () => createProduct(admin)));
    const tag = suffix();
    const inputs = products.map((product, r) => ({
      productId: product.id,
      name: `Batch ${tag} ${String(r).padStart(2, '0')}`,
      yieldQuantity: 1,
      ingredients: [0, 1, 2].map((k) => ({ ingredientId: ingredientIds[r + k], quantity: 1, unit: 'G' })),
    }));
    const created = await graphql(
      sub.url,
      `mutation (${inputs.map((_, i) => `$r${i}: CreateRecipeInput!`).join(', ')}) {
        ${inputs.map((_, i) => `r${i}: createRecipe(input: $r${i}) { id }`).join('\n')} }`,
      Object.fromEntries(inputs.map((input, i) => [`r${i}`, input])),
      admin,
    );
    expect(created.errors).toBeUndefined();

    sub.queries.reset();
    const response = await graphql(
      sub.url,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Ingredient { id usedIn { name } } } }`,
      { representations: ingredientIds.map((id) => ({ __typename: 'Ingredient', id })) },
      viewer,
    );
    expect(response.errors).toBeUndefined();
    expect(sub.queries.count).toBe(1);
    const entities = response.data._entities as { id: string; usedIn: { name: string }[] }[];
    expect(entities.map((entity) => entity.id)).toEqual(ingredientIds);
    expect(entities[0].usedIn).toEqual([{ name: inputs[0].name }]);
    expect(entities[5].usedIn).toEqual([{ name: inputs[3].name }, { name: inputs[4].name }, { name: inputs[5].name }]);
    expect(entities.slice(22).every((entity) => entity.usedIn.length === 0)).toBe(true);
  });

  test('recipesByIds with 1,000 ids is one SQL query that keeps order and names the missing', async () => {
    const mine = await Promise.all([1, 2, 3].map(async () => createRecipe(admin, await lines(1))));
    const { recipe: theirs } = await createRecipe(rivalAdmin, await lines(1, rival));
    const ids: string[] = Array.from({ length: 1000 }, () => randomUUID());
    ids[3] = mine[1].recipe.id;
    ids[400] = theirs.id;
    ids[401] = mine[0].recipe.id;
    ids[998] = mine[2].recipe.id.toUpperCase();

    sub.queries.reset();
    const response = await graphql(
      sub.url,
      'query ($ids: [ID!]!) { recipesByIds(ids: $ids) { recipes { id } missingIds } }',
      { ids },
      viewer,
    );
    expect(response.errors).toBeUndefined();
    expect(sub.queries.count).toBe(1);
    expect(response.data.recipesByIds.recipes).toEqual([{ id: mine[1].recipe.id }, { id: mine[0].recipe.id }, { id: mine[2].recipe.id }]);
    expect(response.data.recipesByIds.missingIds).toEqual(ids.filter((_, i) => ![3, 401, 998].includes(i)));
    expect(response.data.recipesByIds.missingIds).toContain(theirs.id);
  });

  test('a page of recipes with products and lines costs one query per kind, whatever its size', async () => {
    const tenant = randomUUID();
    const token = await tokenFor(tenant, ['ADMIN']);
    for (let i = 0; i < 12; i++) await createRecipe(token, await lines(3, tenant));

    sub.queries.reset();
    const response = await graphql(
      sub.url,
      '{ recipes(first: 10) { totalCount edges { node { name product { sku recipe { id } } ingredients { quantity } } } } }',
      {},
      token,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.recipes.edges).toHaveLength(10);
    expect(response.data.recipes.totalCount).toBe(12);
    // the page with its count, products, lines, products' recipes
    expect(sub.queries.count).toBe(4);
  });

  test('batch lookups name malformed ids and refuse more than 5,000', async () => {
    for (const field of ['recipesByIds', 'productsByIds']) {
      const malformed = await graphql(
        sub.url,
        `query ($ids: [ID!]!) { ${field}(ids: $ids) { missingIds } }`,
        { ids: [randomUUID(), 'croissant'] },
        viewer,
      );
      expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(malformed.errors?.[0].message).toContain('"croissant"');

      sub.queries.reset();
      const tooMany = await graphql(
        sub.url,
        `query ($ids: [ID!]!) { ${field}(ids: $ids) { missingIds } }`,
        { ids: Array.from({ length: 5001 }, () => randomUUID()) },
        viewer,
      );
      expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(sub.queries.count).toBe(0);
    }
  });
});

describe('pagination', () => {
  test('recipes and products pages walk every row once, by name, with a stable totalCount', async () => {
    const tenant = randomUUID();
    const token = await tokenFor(tenant, ['ADMIN']);
    const names = ['Baguette', 'brioche', 'Ciabatta', 'Croissant', 'croissant', 'Focaccia', 'Rye', 'Sourdough'];
    for (const name of names) await createRecipe(token, await lines(1, tenant), name);

    for (const list of ['recipes', 'products'] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const response: Awaited<ReturnType<typeof graphql<any>>> = await graphql(
          sub.url,
          `query ($after: String) { ${list}(first: 3, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
          { after },
          token,
        );
        expect(response.errors).toBeUndefined();
        const connection = response.data[list];
        expect(connection.totalCount).toBe(names.length);
        seen.push(...connection.edges.map((edge: { node: { id: string } }) => edge.node.id));
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
        pages += 1;
      } while (after);
      expect(pages).toBe(3);
      const rows = await sub.db(`recipes.${list}`).where({ tenant_id: tenant }).orderBy([{ column: 'name' }, { column: 'id' }]);
      expect(seen).toEqual(rows.map((row) => row.id));
    }
  });
});

function line(ingredientId: string): Line {
  return { ingredientId, quantity: 1, unit: 'G' };
}

import type { Knex } from 'knex';
import type { Db } from '../../db/client.ts';
import { chunksOf } from '../../db/chunks.ts';
import { violates } from '../../db/constraints.ts';
import { pageWithTotal, type PageWithTotal } from '../../db/pages.ts';
import { badUserInput, notFound } from '../../platform/errors.ts';
import type { Page } from '../../platform/pagination.ts';
import { rowMapper, type RowOf } from '../../db/rows.ts';
import type {
  Product,
  ProductFields,
  Recipe,
  RecipeChanges,
  RecipeFields,
  RecipeIngredient,
  RecipeLineFields,
  RecipeUsingIngredient,
  Unit,
} from './models.ts';

/** The only file of this subgraph that talks SQL. Every statement is scoped to one tenant. */

interface ProductRow {
  id: string;
  tenant_id: string;
  sku: string;
  name: string;
  created_at: Date;
  updated_at: Date;
}

type RecipeRow = RowOf<Recipe> & { tenant_id: string };

interface LineRow {
  id: string;
  tenant_id: string;
  recipe_id: string;
  ingredient_id: string;
  quantity: number;
  unit: Unit;
  position: number;
}

const PRODUCTS = 'recipes.products';
const RECIPES = 'recipes.recipes';
const LINES = 'recipes.recipe_ingredients';

function toProduct(row: ProductRow): Product {
  return { id: row.id, sku: row.sku, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at };
}

const toRecipe = rowMapper<Recipe>({
  id: true, productId: true, name: true, yieldQuantity: true, createdAt: true, updatedAt: true,
});

function toLine(row: LineRow): RecipeIngredient {
  return { recipeId: row.recipe_id, ingredientId: row.ingredient_id, quantity: row.quantity, unit: row.unit };
}

/** Turns the constraint violations a caller can cause into errors that say what to change. */
function asUserError(error: unknown, fields: { sku?: string; productId?: string }): unknown {
  if (violates(error, 'products_tenant_sku_key')) {
    return badUserInput(`A product with sku ${JSON.stringify(fields.sku)} already exists`, { field: 'input.sku' });
  }
  if (violates(error, 'recipes_tenant_product_key')) {
    return badUserInput(`Product ${fields.productId} already has a recipe; update that recipe instead`, {
      field: 'input.productId',
    });
  }
  if (violates(error, 'recipes_product_fkey')) return notFound(`No product with id ${fields.productId}`);
  if (violates(error, 'recipe_ingredients_recipe_ingredient_key')) {
    return badUserInput('A recipe lists each ingredient at most once', { field: 'input.ingredients' });
  }
  return error;
}

/** A recipe as written: the recipe row and its lines, in order. */
export interface RecipeWithLines {
  recipe: Recipe;
  lines: RecipeIngredient[];
}

/**
 * Products, recipes and recipe lines of one tenant. Ids passed in must already be valid
 * lower-case UUIDs (resolvers and loaders parse them), so a malformed id never reaches Postgres.
 */
export class RecipesRepository {
  constructor(
    private readonly db: Db | Knex.Transaction,
    private readonly tenantId: string,
  ) {}

  private products() {
    return this.db<ProductRow>(PRODUCTS).where('tenant_id', this.tenantId);
  }

  private recipes() {
    return this.db<RecipeRow>(RECIPES).where('tenant_id', this.tenantId);
  }

  /** The products among `ids`, in one statement; unknown ids are simply absent. */
  async productsByIds(ids: readonly string[]): Promise<Product[]> {
    if (ids.length === 0) return [];
    return (await this.products().whereRaw('id = any(?::uuid[])', [[...ids]])).map(toProduct);
  }

  /** The recipes among `ids`, in one statement. */
  async recipesByIds(ids: readonly string[]): Promise<Recipe[]> {
    if (ids.length === 0) return [];
    return (await this.recipes().whereRaw('id = any(?::uuid[])', [[...ids]])).map(toRecipe);
  }

  /** The recipes of the products `productIds` (at most one each), in one statement. */
  async recipesByProductIds(productIds: readonly string[]): Promise<Recipe[]> {
    if (productIds.length === 0) return [];
    return (await this.recipes().whereRaw('product_id = any(?::uuid[])', [[...productIds]])).map(toRecipe);
  }

  /** The lines of `recipeIds`, each recipe's in its written order, in one statement. */
  async linesByRecipeIds(recipeIds: readonly string[]): Promise<RecipeIngredient[]> {
    if (recipeIds.length === 0) return [];
    const rows = await this.db<LineRow>(LINES)
      .where('tenant_id', this.tenantId)
      .whereRaw('recipe_id = any(?::uuid[])', [[...recipeIds]])
      .orderBy([{ column: 'recipe_id' }, { column: 'position' }]);
    return rows.map(toLine);
  }

  /** Recipes that use any of `ingredientIds`, one row per (recipe, ingredient), by recipe name; one statement. */
  async recipesByIngredientIds(ingredientIds: readonly string[]): Promise<RecipeUsingIngredient[]> {
    if (ingredientIds.length === 0) return [];
    const rows = await this.db(`${LINES} as l`)
      .join(`${RECIPES} as r`, (join) => join.on('r.tenant_id', 'l.tenant_id').andOn('r.id', 'l.recipe_id'))
      .where('l.tenant_id', this.tenantId)
      .whereRaw('l.ingredient_id = any(?::uuid[])', [[...ingredientIds]])
      .orderBy([{ column: 'r.name' }, { column: 'r.id' }])
      .select<(RecipeRow & { used_ingredient_id: string })[]>('r.*', 'l.ingredient_id as used_ingredient_id');
    return rows.map((row) => ({ ...toRecipe(row), usedIngredientId: row.used_ingredient_id }));
  }

  /** One page of products ordered by (name, id), fetching `first + 1` rows to detect a next page. */
  async listProducts(page: Page): Promise<PageWithTotal<Product>> {
    const query = this.products().select('*').orderBy([{ column: 'name' }, { column: 'id' }]).limit(page.first + 1);
    if (page.after) query.whereRaw('(name, id) > (?, ?::uuid)', [page.after.sortKey, page.after.id]);
    const { rows, totalCount } = await pageWithTotal<ProductRow>(this.db, query, () => this.products(), Boolean(page.after));
    return { rows: rows.map(toProduct), totalCount };
  }

  /** One page of recipes ordered by (name, id), fetching `first + 1` rows to detect a next page. */
  async listRecipes(page: Page): Promise<PageWithTotal<Recipe>> {
    const query = this.recipes().select('*').orderBy([{ column: 'name' }, { column: 'id' }]).limit(page.first + 1);
    if (page.after) query.whereRaw('(name, id) > (?, ?::uuid)', [page.after.sortKey, page.after.id]);
    const { rows, totalCount } = await pageWithTotal<RecipeRow>(this.db, query, () => this.recipes(), Boolean(page.after));
    return { rows: rows.map(toRecipe), totalCount };
  }

  /** Inserts a product (one statement); a sku already used in the tenant is BAD_USER_INPUT. */
  async createProduct(fields: ProductFields): Promise<Product> {
    try {
      const [row] = await this.db<ProductRow>(PRODUCTS)
        .insert({ tenant_id: this.tenantId, sku: fields.sku, name: fields.name })
        .returning('*');
      return toProduct(row);
    } catch (error) {
      throw asUserError(error, fields);
    }
  }

  /** Changes the given fields (one statement); null when the tenant has no such product. */
  async updateProduct(id: string, fields: Partial<ProductFields>): Promise<Product | null> {
    try {
      const [row] = await this.products()
        .where({ id })
        .update({ ...fields, updated_at: this.db.fn.now() as unknown as Date })
        .returning('*');
      return row ? toProduct(row) : null;
    } catch (error) {
      throw asUserError(error, fields);
    }
  }

  /**
   * Inserts a recipe and its lines in one transaction. A product of another tenant (or none) is
   * NOT_FOUND by the (tenant_id, product_id) foreign key; a second recipe for a product is
   * BAD_USER_INPUT. Either way nothing is written.
   */
  async createRecipe(fields: RecipeFields): Promise<RecipeWithLines> {
    return this.transaction(async (repository) => {
      try {
        const [row] = await repository.db<RecipeRow>(RECIPES)
          .insert({
            tenant_id: this.tenantId,
            product_id: fields.productId,
            name: fields.name,
            yield_quantity: fields.yieldQuantity,
          })
          .returning('*');
        const recipe = toRecipe(row);
        return { recipe, lines: await repository.insertLines(recipe.id, fields.ingredients) };
      } catch (error) {
        throw asUserError(error, fields);
      }
    });
  }

  /**
   * Changes a recipe in one transaction: its row first (which locks it, so concurrent updates
   * apply one after the other), then, when `changes.ingredients` is given, every line is replaced.
   * Null when the tenant has no such recipe; `lines` is null when the lines were left as they were.
   */
  async updateRecipe(id: string, changes: RecipeChanges): Promise<{ recipe: Recipe; lines: RecipeIngredient[] | null } | null> {
    return this.transaction(async (repository) => {
      try {
        const [row] = await repository
          .recipes()
          .where({ id })
          .update({
            ...(changes.name !== undefined ? { name: changes.name } : {}),
            ...(changes.yieldQuantity !== undefined ? { yield_quantity: changes.yieldQuantity } : {}),
            updated_at: repository.db.fn.now() as unknown as Date,
          })
          .returning('*');
        if (!row) return null;
        if (!changes.ingredients) return { recipe: toRecipe(row), lines: null };
        await repository.db(LINES).where({ tenant_id: this.tenantId, recipe_id: id }).delete();
        return { recipe: toRecipe(row), lines: await repository.insertLines(id, changes.ingredients) };
      } catch (error) {
        throw asUserError(error, {});
      }
    });
  }

  /** The products among `skus` (exact match), in one statement. */
  async productsBySkus(skus: readonly string[]): Promise<Product[]> {
    if (skus.length === 0) return [];
    return (await this.products().whereRaw('sku = any(?::text[])', [[...skus]])).map(toProduct);
  }

  /**
   * Writes products with their whole recipes in one transaction (the import's): each product
   * upserted by sku, its recipe upserted by product, the recipe's lines replaced: four
   * statements per 1,000 rows, whatever the number of products.
   */
  async replaceProductRecipes(
    products: readonly (ProductFields & { recipe: Omit<RecipeFields, 'productId'> })[],
  ): Promise<void> {
    if (products.length === 0) return;
    await this.transaction(async (repository) => {
      const productIdBySku = new Map<string, string>();
      for (const chunk of chunksOf(products)) {
        const rows = await repository.db<ProductRow>(PRODUCTS)
          .insert(chunk.map((product) => ({ tenant_id: this.tenantId, sku: product.sku, name: product.name })))
          .onConflict(['tenant_id', 'sku'])
          .merge(['name', 'updated_at'])
          .returning(['id', 'sku']);
        for (const row of rows) productIdBySku.set(row.sku, row.id);
      }
      const recipeIdByProductId = new Map<string, string>();
      for (const chunk of chunksOf(products)) {
        const rows = await repository.db<RecipeRow>(RECIPES)
          .insert(
            chunk.map((product) => ({
              tenant_id: this.tenantId,
              product_id: productIdBySku.get(product.sku)!,
              name: product.recipe.name,
              yield_quantity: product.recipe.yieldQuantity,
            })),
          )
          .onConflict(['tenant_id', 'product_id'])
          .merge(['name', 'yield_quantity', 'updated_at'])
          .returning(['id', 'product_id']);
        for (const row of rows) recipeIdByProductId.set(row.product_id, row.id);
      }
      const recipeIds = [...recipeIdByProductId.values()];
      await repository.db(LINES).where('tenant_id', this.tenantId).whereRaw('recipe_id = any(?::uuid[])', [recipeIds]).delete();
      const lines = products.flatMap((product) =>
        product.recipe.ingredients.map((line, position) => ({
          tenant_id: this.tenantId,
          recipe_id: recipeIdByProductId.get(productIdBySku.get(product.sku)!)!,
          ingredient_id: line.ingredientId,
          quantity: line.quantity,
          unit: line.unit,
          position,
        })),
      );
      for (const chunk of chunksOf(lines)) await repository.db<LineRow>(LINES).insert(chunk);
    });
  }

  /** Inserts `lines` for `recipeId` in one statement, keeping their order as `position`. */
  private async insertLines(recipeId: string, lines: RecipeLineFields[]): Promise<RecipeIngredient[]> {
    const rows = await this.db<LineRow>(LINES)
      .insert(
        lines.map((line, position) => ({
          tenant_id: this.tenantId,
          recipe_id: recipeId,
          ingredient_id: line.ingredientId,
          quantity: line.quantity,
          unit: line.unit,
          position,
        })),
      )
      .returning('*');
    return rows.sort((a, b) => a.position - b.position).map(toLine);
  }

  /** Runs `work` in one transaction (or inside the current one) with a repository bound to it. */
  private async transaction<T>(work: (repository: RecipesRepository) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction((trx) => work(new RecipesRepository(trx, this.tenantId)));
  }
}

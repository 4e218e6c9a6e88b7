import { requireRole } from '../../platform/auth.ts';
import { notFound } from '../../platform/errors.ts';
import { assertIngredientsExist } from '../../platform/ingredient-lookup.ts';
import { parseId, parseIdBatch } from '../../platform/ids.ts';
import { parsePage, toConnection } from '../../platform/pagination.ts';
import { DateTimeScalar } from '../../platform/scalars.ts';
import type { SubgraphDefinition, SubgraphContext } from '../subgraph-server.ts';
import type { SuppliersLoaders } from './loaders.ts';
import type { Supplier, SupplierOffer } from './models.ts';
import { parseInput } from '../../platform/validation.ts';
import { parseImportInput } from '../../platform/csv-import.ts';
import { importOffers, importSuppliers } from './import.ts';
import { CreateSupplierInput, UpdateSupplierInput, UpsertSupplierOfferInput } from './validation.ts';

type Context = SubgraphContext<SuppliersLoaders>;

/** An Ingredient as this subgraph knows it: its key, nothing else (inventory owns the rest). */
interface IngredientReference {
  id: string;
}

/** Thin resolvers: check the role, parse arguments, then read through loaders or write through the repository. */
export const suppliersResolvers: SubgraphDefinition<SuppliersLoaders>['resolvers'] = {
  DateTime: DateTimeScalar,

  Query: {
    supplier(_parent, args: { id: string }, { caller, loaders }: Context) {
      requireRole(caller, 'VIEWER');
      return loaders.supplierById.load(parseId(args.id));
    },

    async suppliers(_parent, args: { first?: number | null; after?: string | null }, { caller, loaders }: Context) {
      requireRole(caller, 'VIEWER');
      const page = parsePage(args, caller, 'NAME');
      const { rows, totalCount } = await loaders.repository.listSuppliers(page);
      for (const supplier of rows) loaders.supplierById.prime(supplier.id, supplier);
      return toConnection(rows, page, totalCount, (supplier) => ({ sortKey: supplier.name, id: supplier.id }));
    },

    async suppliersByIds(_parent, args: { ids: string[] }, { caller, loaders }: Context) {
      requireRole(caller, 'VIEWER');
      const ids = parseIdBatch(args.ids);
      const found = await loaders.supplierById.loadMany(ids);
      const suppliers: Supplier[] = [];
      const missingIds: string[] = [];
      found.forEach((supplier, index) => {
        if (supplier instanceof Error) throw supplier;
        if (supplier) suppliers.push(supplier);
        else missingIds.push(args.ids[index]);
      });
      return { suppliers, missingIds };
    },

    async supplierOffers(_parent, args: { ingredientIds?: string[] | null }, { caller, loaders }: Context) {
      requireRole(caller, 'VIEWER');
      if (args.ingredientIds == null) return loaders.repository.allOffers();
      const ingredientIds = [...new Set(parseIdBatch(args.ingredientIds, 'ingredientIds'))];
      const offers = await loaders.offersByIngredientId.loadMany(ingredientIds);
      return offers.flatMap((list) => {
        if (list instanceof Error) throw list;
        return list;
      });
    },
  },

  Mutation: {
    async createSupplier(_parent, args: { input: unknown }, { caller, loaders }: Context) {
      requireRole(caller, 'ADMIN');
      const supplier = await loaders.repository.createSupplier(parseInput(CreateSupplierInput, args.input));
      loaders.supplierById.prime(supplier.id, supplier);
      return supplier;
    },

    async updateSupplier(_parent, args: { id: string; input: unknown }, { caller, loaders }: Context) {
      requireRole(caller, 'ADMIN');
      const id = parseId(args.id);
      const supplier = await loaders.repository.updateSupplier(id, parseInput(UpdateSupplierInput, args.input));
      if (!supplier) throw notFound(`No supplier with id ${id}`);
      loaders.supplierById.clear(id).prime(id, supplier);
      return supplier;
    },

    async upsertSupplierOffer(_parent, args: { input: unknown }, { caller, loaders, ingredients }: Context) {
      requireRole(caller, 'ADMIN');
      const input = parseInput(UpsertSupplierOfferInput, args.input);
      await assertIngredientsExist(ingredients, [{ ingredientId: input.ingredientId, field: 'input.ingredientId' }]);
      const { offer, supplier } = await loaders.repository.upsertOffer(input);
      loaders.supplierById.clear(supplier.id).prime(supplier.id, supplier);
      loaders.offersBySupplierId.clear(supplier.id);
      loaders.offersByIngredientId.clear(offer.ingredientId);
      return offer;
    },

    async removeSupplierOffer(_parent, args: { id: string }, { caller, loaders }: Context) {
      requireRole(caller, 'ADMIN');
      const removed = await loaders.repository.removeOffer(parseId(args.id));
      loaders.offersBySupplierId.clearAll();
      loaders.offersByIngredientId.clearAll();
      return removed;
    },

    importSuppliers(_parent, args: { input: unknown }, { caller, loaders }: Context) {
      requireRole(caller, 'ADMIN');
      return importSuppliers(loaders.repository, parseImportInput(args.input));
    },

    importOffers(_parent, args: { input: unknown }, { caller, loaders, ingredients }: Context) {
      requireRole(caller, 'ADMIN');
      return importOffers(loaders.repository, ingredients, parseImportInput(args.input));
    },
  },

  Supplier: {
    __resolveReference(reference: { id: string }, { loaders }: Context) {
      return loaders.supplierById.load(reference.id);
    },
    offers(supplier: Supplier, _args, { loaders }: Context) {
      return loaders.offersBySupplierId.load(supplier.id);
    },
  },

  SupplierOffer: {
    async supplier(offer: SupplierOffer, _args, { loaders }: Context) {
      const supplier = await loaders.supplierById.load(offer.supplierId);
      // An offer's supplier is in the same tenant by foreign key; a miss means it was deleted mid-request.
      if (!supplier) throw new Error(`supplier ${offer.supplierId} of offer ${offer.id} vanished`);
      return supplier;
    },
    ingredient(offer: SupplierOffer): IngredientReference {
      return { id: offer.ingredientId };
    },
  },

  Ingredient: {
    __resolveReference(reference: IngredientReference): IngredientReference {
      return reference;
    },
    offers(ingredient: IngredientReference, _args, { loaders }: Context) {
      return loaders.offersByIngredientId.load(ingredient.id);
    },
  },
};

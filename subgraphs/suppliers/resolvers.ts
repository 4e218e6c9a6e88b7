import { requireRole } from '../../platform/auth.ts';
import { assertIngredientsExist } from '../../platform/ingredient-lookup.ts';
import { parseId, parseIdBatch } from '../../platform/ids.ts';
import { DateTimeScalar } from '../../platform/scalars.ts';
import { entityReads, entityWrites } from '../entity-resolvers.ts';
import type { Resolvers } from './generated/resolvers.ts';
import type { SuppliersLoaders } from './loaders.ts';
import { parseInput } from '../../platform/validation.ts';
import { parseImportInput } from '../../platform/csv-import.ts';
import { importOffers, importSuppliers } from './import.ts';
import { CreateSupplierInput, UpdateSupplierInput, UpsertSupplierOfferInput } from './validation.ts';

const supplierReads = entityReads('suppliers', (loaders: SuppliersLoaders) => loaders.supplierById, (loaders, page) => loaders.repository.listSuppliers(page));
const supplierWrites = entityWrites('supplier', (loaders: SuppliersLoaders) => loaders.supplierById, {
  create: (loaders, input) => loaders.repository.createSupplier(parseInput(CreateSupplierInput, input)),
  update: (loaders, id, input) => loaders.repository.updateSupplier(id, parseInput(UpdateSupplierInput, input)),
});

/** Thin resolvers: check the role, parse arguments, then read through loaders or write through the repository. */
export const suppliersResolvers: Resolvers = {
  DateTime: DateTimeScalar,

  Query: {
    supplier: supplierReads.one,
    suppliers: supplierReads.page,
    suppliersByIds: supplierReads.batch,

    async supplierOffers(_parent, args, { caller, loaders }) {
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
    createSupplier: supplierWrites.create,
    updateSupplier: supplierWrites.update,

    async upsertSupplierOffer(_parent, args, { caller, loaders, ingredients }) {
      requireRole(caller, 'ADMIN');
      const input = parseInput(UpsertSupplierOfferInput, args.input);
      await assertIngredientsExist(ingredients, [{ ingredientId: input.ingredientId, field: 'input.ingredientId' }]);
      const { offer, supplier } = await loaders.repository.upsertOffer(input);
      loaders.supplierById.clear(supplier.id).prime(supplier.id, supplier);
      loaders.offersBySupplierId.clear(supplier.id);
      loaders.offersByIngredientId.clear(offer.ingredientId);
      return offer;
    },

    async removeSupplierOffer(_parent, args, { caller, loaders }) {
      requireRole(caller, 'ADMIN');
      const removed = await loaders.repository.removeOffer(parseId(args.id));
      loaders.offersBySupplierId.clearAll();
      loaders.offersByIngredientId.clearAll();
      return removed;
    },

    importSuppliers(_parent, args, { caller, loaders }) {
      requireRole(caller, 'ADMIN');
      return importSuppliers(loaders.repository, parseImportInput(args.input));
    },

    importOffers(_parent, args, { caller, loaders, ingredients }) {
      requireRole(caller, 'ADMIN');
      return importOffers(loaders.repository, ingredients, parseImportInput(args.input));
    },
  },

  Supplier: {
    __resolveReference(reference, { loaders }) {
      return loaders.supplierById.load(reference.id);
    },
    offers(supplier, _args, { loaders }) {
      return loaders.offersBySupplierId.load(supplier.id);
    },
  },

  SupplierOffer: {
    async supplier(offer, _args, { loaders }) {
      const supplier = await loaders.supplierById.load(offer.supplierId);
      // An offer's supplier is in the same tenant by foreign key; a miss means it was deleted mid-request.
      if (!supplier) throw new Error(`supplier ${offer.supplierId} of offer ${offer.id} vanished`);
      return supplier;
    },
    ingredient(offer) {
      return { id: offer.ingredientId };
    },
  },

  Ingredient: {
    __resolveReference(reference) {
      return reference;
    },
    offers(ingredient, _args, { loaders }) {
      return loaders.offersByIngredientId.load(ingredient.id);
    },
  },
};

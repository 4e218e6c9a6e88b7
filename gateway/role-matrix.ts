import type { Role } from '../platform/auth.ts';

/**
 * The least role each root field of the composed supergraph asks for (DESIGN.md §5).
 *
 * This table is the declared policy; the owning subgraph enforces it with `requireRole`, and
 * `test/security/role-matrix.test.ts` proves the two agree, field by field and role by role,
 * through the gateway and against each subgraph reached directly. The test fails when a root
 * field exists without an entry here, so a new query or mutation cannot land unclassified.
 *
 * Roles grant (platform/auth.ts): VIEWER ⊂ PLANNER ⊂ ADMIN, and SERVICE = VIEWER + the pipeline.
 * So `VIEWER` means every role, `PLANNER` means PLANNER and ADMIN, `ADMIN` means ADMIN only, and
 * `SERVICE` means the worker's token only (an ADMIN cannot run pipeline steps).
 */
export const ROLE_MATRIX = {
  Query: {
    // inventory
    ingredient: 'VIEWER',
    ingredients: 'VIEWER',
    ingredientsByIds: 'VIEWER',
    ingredientsBySkus: 'VIEWER',
    stockLevels: 'VIEWER',
    stockMovements: 'VIEWER',
    // suppliers
    supplier: 'VIEWER',
    suppliers: 'VIEWER',
    suppliersByIds: 'VIEWER',
    supplierOffers: 'VIEWER',
    // recipes
    recipe: 'VIEWER',
    recipes: 'VIEWER',
    recipesByIds: 'VIEWER',
    product: 'VIEWER',
    products: 'VIEWER',
    productsByIds: 'VIEWER',
    productsBySkus: 'VIEWER',
    // planning
    tenant: 'VIEWER',
    planningSettings: 'VIEWER',
    salesHistory: 'VIEWER',
    forecasts: 'VIEWER',
    forecastAccuracy: 'VIEWER',
    supplierPerformance: 'VIEWER',
    productionSchedule: 'VIEWER',
    productionRecord: 'VIEWER',
    procurementPlan: 'VIEWER',
    latestProcurementPlan: 'VIEWER',
    orchestrationRun: 'VIEWER',
    orchestrationRuns: 'VIEWER',
    notifications: 'VIEWER',
  },
  Mutation: {
    // inventory: master data is ADMIN, stock movements are the planner's daily work
    createIngredient: 'ADMIN',
    updateIngredient: 'ADMIN',
    recordStockMovement: 'PLANNER',
    // inventory: planning's stock-posting outbox posts receipts and baking with a SERVICE token
    postStockMovements: 'SERVICE',
    // suppliers and recipes: master data
    createSupplier: 'ADMIN',
    updateSupplier: 'ADMIN',
    upsertSupplierOffer: 'ADMIN',
    removeSupplierOffer: 'ADMIN',
    createProduct: 'ADMIN',
    updateProduct: 'ADMIN',
    createRecipe: 'ADMIN',
    updateRecipe: 'ADMIN',
    // planning: settings are ADMIN, sales and plan decisions PLANNER
    updatePlanningSettings: 'ADMIN',
    recordSales: 'PLANNER',
    approveProcurementPlan: 'PLANNER',
    submitPurchaseOrder: 'PLANNER',
    receivePurchaseOrder: 'PLANNER',
    markPurchaseOrderReceived: 'PLANNER',
    cancelPurchaseOrder: 'PLANNER',
    recordProduction: 'PLANNER',
    requestOrchestration: 'PLANNER',
    // planning: the pipeline's own steps, the worker only
    startOrchestrationRun: 'SERVICE',
    recordSnapshot: 'SERVICE',
    generateForecasts: 'SERVICE',
    generateProductionSchedule: 'SERVICE',
    generateProcurementPlan: 'SERVICE',
    recordRunStep: 'SERVICE',
    finishOrchestrationRun: 'SERVICE',
    cancelProductionSchedule: 'SERVICE',
    cancelProcurementPlan: 'SERVICE',
    sendPlanNotifications: 'SERVICE',
    // CSV imports (docs/IMPORT.md): a whole file of master data or history at once, ADMIN only
    importIngredients: 'ADMIN',
    importStockLots: 'ADMIN',
    importSuppliers: 'ADMIN',
    importOffers: 'ADMIN',
    importRecipes: 'ADMIN',
    importSales: 'ADMIN',
  },
} as const satisfies Record<'Query' | 'Mutation', Record<string, Role>>;

export type RootType = keyof typeof ROLE_MATRIX;

/** The declared least role of `Query.field` or `Mutation.field`; undefined when the field is not in the matrix. */
export function minimumRole(rootType: RootType, field: string): Role | undefined {
  return (ROLE_MATRIX[rootType] as Record<string, Role>)[field];
}

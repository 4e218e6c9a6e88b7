import { MAX_SERVICE_PAGE_SIZE } from '../../platform/pagination.ts';
import {
  SnapshotIngredientsDocument,
  SnapshotProductsDocument,
  SnapshotRecipesDocument,
  SnapshotSuppliersDocument,
  type RunStateFragment,
  type SagaStepName,
  type TypedDocumentString,
} from './generated/operations.ts';

/*
 * Every GraphQL operation the worker sends is written in operations.graphql and checked against
 * supergraph.graphql by `npm run codegen`, which makes each a string typed by its result and
 * variables (generated/operations.ts). This module adds what the worker needs around them.
 */

/** A generated operation: its text (`String(operation)`), typed by its result and variables. */
export type Operation<TResult, TVariables> = TypedDocumentString<TResult, TVariables>;

/**
 * The snapshot's page (`$first` of the snapshot queries): the largest the subgraphs serve the
 * pipeline's token (platform/pagination.ts), so a bakery of up to 5,000 of each kind takes one
 * page of each.
 */
export const SNAPSHOT_PAGE_SIZE = MAX_SERVICE_PAGE_SIZE;

export type SnapshotList = 'ingredients' | 'suppliers' | 'recipes' | 'products';

/** One page of a snapshot list, as far as paging through it goes (its records go to recordSnapshot as they came). */
export interface SnapshotPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: unknown }[];
}

/** A later page of one list, only for bakeries with more than SNAPSHOT_PAGE_SIZE of something. */
export const SNAPSHOT_PAGE: { [List in SnapshotList]: Operation<Record<List, SnapshotPage>, { first: number; after: string | null }> } = {
  ingredients: SnapshotIngredientsDocument,
  suppliers: SnapshotSuppliersDocument,
  recipes: SnapshotRecipesDocument,
  products: SnapshotProductsDocument,
};

export type StepName = SagaStepName;

/** What the worker knows of a run (the RunState fragment). */
export type RunState = RunStateFragment;

import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { graphqlRuntime } from './graphql-runtime.ts';

// The cost and list checks walk the gateway's own schema: its copy of graphql's helpers.
const { getArgumentValues, getNamedType, getNullableType, isInputObjectType, isInterfaceType, isListType, isObjectType } = graphqlRuntime;

/**
 * Validation rule refusing operations nested deeper than `maxDepth` selection levels
 * (fragments are followed; introspection counts like any other field).
 */
export function depthLimit(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depthOf = (selectionSet: SelectionSetNode | undefined, depth: number, visited: Set<string>): number => {
      if (!selectionSet || depth > maxDepth) return depth;
      let deepest = depth;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          deepest = Math.max(deepest, selection.selectionSet ? depthOf(selection.selectionSet, depth + 1, visited) : depth);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, depth, visited));
        } else if (!visited.has(selection.name.value)) {
          const fragment = fragments.get(selection.name.value);
          deepest = Math.max(deepest, depthOf(fragment?.selectionSet, depth, new Set([...visited, selection.name.value])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, 1, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query is nested ${depth > maxDepth + 1 ? 'more than ' : ''}${Math.min(depth, maxDepth + 1)} levels deep; the limit is ${maxDepth}`, {
              nodes: [operation],
              extensions: { code: 'QUERY_TOO_DEEP' },
            }),
          );
        }
      },
    };
  };
}

/** Validation rule refusing documents with more than `maxAliases` aliased fields. */
export function aliasLimit(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases += 1;
      },
      Document: {
        leave(document) {
          if (aliases > maxAliases) {
            context.reportError(
              new GraphQLError(`Query uses ${aliases} aliases; the limit is ${maxAliases}`, {
                nodes: [document],
                extensions: { code: 'TOO_MANY_ALIASES' },
              }),
            );
          }
        },
      },
    };
  };
}

/** Validation rule refusing an operation that selects more than `maxRootFields` root fields (fragments followed, `__typename` free). */
export function rootFieldLimit(maxRootFields: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const countIn = (selectionSet: SelectionSetNode | undefined, visited: Set<string>): number => {
      let count = 0;
      for (const selection of selectionSet?.selections ?? []) {
        if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
        else if (selection.kind === Kind.INLINE_FRAGMENT) count += countIn(selection.selectionSet, visited);
        else if (!visited.has(selection.name.value)) {
          count += countIn(fragments.get(selection.name.value)?.selectionSet, new Set([...visited, selection.name.value]));
        }
      }
      return count;
    };
    const refusals: GraphQLError[] = [];
    return {
      OperationDefinition(operation) {
        const count = countIn(operation.selectionSet, new Set());
        if (count > maxRootFields) {
          refusals.push(
            new GraphQLError(`Operation selects ${count} root fields; the limit is ${maxRootFields}`, {
              nodes: [operation],
              extensions: { code: 'TOO_MANY_ROOT_FIELDS' },
            }),
          );
        }
      },
      // Reported when the document is done, like the alias limit, so rules report in their order.
      Document: { leave: () => refusals.forEach((refusal) => context.reportError(refusal)) },
    };
  };
}

/** Bounds checked on an operation once its variables are known. */
export interface ListLimits {
  /** Largest `first` of a page (default 500, the subgraphs' own bound). */
  maxPageSize: number;
  /** Most ids in one list of ids (default 5,000, the subgraphs' own bound). */
  maxIds: number;
  /** Most items in any other list argument, nested input fields included. */
  maxListItems: number;
}

/** What one pass over an operation found. */
export interface OperationMeasure {
  /** Estimated fields resolved: each selected field once per list element it sits under. */
  cost: number;
  /** The first list argument over its bound, as a message naming it; undefined when all are within bounds. */
  oversizedList?: string;
}

/** Elements assumed for a list field whose size no argument tells (lots, offers, recipe lines…). */
export const ASSUMED_LIST_SIZE = 10;

/**
 * Walks `operation` with its coerced `variables` (graphql `getVariableValues`) and measures it:
 * the list arguments against `limits`, and its cost.
 *
 * Cost model: every selected field costs 1 for each element of every list it is nested in. A list
 * field's size is, in order: its own `first` or list argument (ids), else the `first` or list
 * argument of the nearest non-list field above it (a connection's `edges`, a batch's
 * `ingredients`), else {@link ASSUMED_LIST_SIZE}; a field with a `first` argument left out counts
 * `defaultPageSize`. So `ingredients(first: 500) { edges { node { lots { id } } } }` costs
 * 1 + 1 + 500 + 500 + 500·10 = 6,002.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: ListLimits & { defaultPageSize: number },
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measure: OperationMeasure = { cost: 0 };

  const checkList = (value: unknown, type: GraphQLInputType, path: string): void => {
    if (measure.oversizedList || value === null || value === undefined) return;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (!Array.isArray(value)) return checkList(value, nullable.ofType, path);
      const itemType = getNamedType(nullable);
      const max = itemType.name === 'ID' ? Math.min(limits.maxIds, limits.maxListItems) : limits.maxListItems;
      if (value.length > max) {
        measure.oversizedList = `${path} has ${value.length} items; at most ${max} are accepted in one request`;
        return;
      }
      for (const item of value) checkList(item, nullable.ofType, path);
    } else if (isInputObjectType(nullable) && typeof value === 'object') {
      const fields = nullable.getFields();
      for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
        if (fields[name]) checkList(fieldValue, fields[name].type, `${path}.${name}`);
      }
    }
  };

  /** The size a field's arguments announce: its `first` (or the default page), else its longest list argument. */
  const sizeHint = (field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | undefined => {
    if (field.args.some((argument) => argument.name === 'first')) {
      return typeof args.first === 'number' ? args.first : limits.defaultPageSize;
    }
    const lengths = Object.values(args).filter(Array.isArray).map((list) => list.length);
    return lengths.length ? Math.max(...lengths) : undefined;
  };

  const walk = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType, multiplier: number, pendingSize: number | undefined, visited: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (type) walk(selection.selectionSet, type, multiplier, pendingSize, visited);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && type && !visited.has(fragment.name.value)) {
          walk(fragment.selectionSet, type, multiplier, pendingSize, new Set([...visited, fragment.name.value]));
        }
        continue;
      }
      if (selection.name.value.startsWith('__') || !(isObjectType(parentType) || isInterfaceType(parentType))) {
        measure.cost += multiplier;
        continue;
      }
      const field = parentType.getFields()[selection.name.value];
      if (!field) continue;
      const args = argumentValues(field, selection, variables);
      for (const argument of field.args) {
        if (argument.name === 'first' && typeof args.first === 'number' && args.first > limits.maxPageSize && !measure.oversizedList) {
          measure.oversizedList = `${selection.name.value}(first: ${args.first}) asks for more than ${limits.maxPageSize} items; page with first ≤ ${limits.maxPageSize} and after`;
        }
        checkList(args[argument.name], argument.type, `${selection.name.value}.${argument.name}`);
      }
      measure.cost += multiplier;
      if (!selection.selectionSet) continue;
      const hint = sizeHint(field, args);
      const returnsList = isListType(getNullableType(field.type));
      const size = returnsList ? (hint ?? pendingSize ?? ASSUMED_LIST_SIZE) : 1;
      walk(selection.selectionSet, getNamedType(field.type), multiplier * Math.max(size, 1), returnsList ? undefined : (hint ?? pendingSize), visited);
    }
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (root) walk(operation.selectionSet, root, 1, undefined, new Set());
  return measure;
}

/** A field's argument values, or {} when they do not coerce (execution will then report it). */
function argumentValues(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return {};
  }
}

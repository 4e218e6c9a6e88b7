import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type GraphQLFieldMap,
  type GraphQLInputFieldMap,
  type GraphQLType,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

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
 * Walks `operation` with its `variables` (as sent) and measures it:
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
  const declaredDefaults = (operation.variableDefinitions ?? [])
    .filter((definition) => definition.defaultValue)
    .map((definition) => [definition.variable.name.value, valueOf(definition.defaultValue!, {})]);
  variables = { ...Object.fromEntries(declaredDefaults), ...variables };

  const checkList = (value: unknown, type: GraphQLInputType, path: string): void => {
    if (measure.oversizedList || value === null || value === undefined) return;
    const nullable = unwrapNonNull(type);
    if (isList(nullable)) {
      if (!Array.isArray(value)) return checkList(value, nullable.ofType as GraphQLInputType, path);
      const itemType = namedType(nullable);
      const max = itemType.name === 'ID' ? Math.min(limits.maxIds, limits.maxListItems) : limits.maxListItems;
      if (value.length > max) {
        measure.oversizedList = `${path} has ${value.length} items; at most ${max} are accepted in one request`;
        return;
      }
      for (const item of value) checkList(item, nullable.ofType as GraphQLInputType, path);
      return;
    }
    const fields = inputFields(namedType(nullable));
    if (fields && typeof value === 'object') {
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
      const field = selection.name.value.startsWith('__') ? undefined : outputFields(parentType)?.[selection.name.value];
      if (!field) {
        measure.cost += multiplier;
        continue;
      }
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
      const returnsList = isList(field.type);
      const size = returnsList ? (hint ?? pendingSize ?? ASSUMED_LIST_SIZE) : 1;
      walk(selection.selectionSet, namedType(field.type), multiplier * Math.max(size, 1), returnsList ? undefined : (hint ?? pendingSize), visited);
    }
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (root) walk(operation.selectionSet, root, 1, undefined, new Set());
  return measure;
}

// The walk below reads the schema by shape, not with graphql's `instanceof` helpers: the
// gateway's schema comes from @apollo/gateway's copy of graphql, which under a Vite-based test
// runner is not the copy our own files import (see graphql-runtime.ts).

/** A wrapper type (list or non-null) has `ofType`; a named type does not. */
function unwrapNonNull(type: GraphQLType): GraphQLType {
  return String(type).endsWith('!') ? (type as { ofType: GraphQLType }).ofType : type;
}

function isList(type: GraphQLType): type is GraphQLType & { ofType: GraphQLType } {
  return String(unwrapNonNull(type)).startsWith('[');
}

function namedType(type: GraphQLType): GraphQLNamedType {
  let named: GraphQLType = type;
  while ('ofType' in named) named = named.ofType;
  return named;
}

/** Fields of an object or interface type; undefined for scalars, enums, unions and inputs. */
function outputFields(type: GraphQLNamedType): GraphQLFieldMap<unknown, unknown> | undefined {
  return 'getInterfaces' in type ? type.getFields() : undefined;
}

/** Fields of an input object type; undefined for any other type. */
function inputFields(type: GraphQLNamedType): GraphQLInputFieldMap | undefined {
  return 'getFields' in type && !('getInterfaces' in type) ? (type.getFields() as GraphQLInputFieldMap) : undefined;
}

/** A literal or variable argument as plain data (variables as sent; no coercion, none needed to count). */
function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => valueOf(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, valueOf(field.value, variables)]));
  }
}

/** A field's arguments: those written (literal or variable), else their schema defaults. */
function argumentValues(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const argument of field.args) {
    const written = node.arguments?.find((candidate) => candidate.name.value === argument.name);
    const value = written ? valueOf(written.value, variables) : argument.defaultValue;
    if (value !== undefined) values[argument.name] = value;
  }
  return values;
}

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

/** Bounds on the shape of a document, checked before any other validation rule looks at its selections. */
export interface DocumentLimits {
  /** Deepest selection nesting (fields; fragments followed). */
  maxDepth: number;
  /** Most aliased fields written in the document. */
  maxAliases: number;
  /** Most root fields one operation selects (fragments followed, `__typename` free). */
  maxRootFields: number;
  /** Most definitions (operations and fragments) in one document. */
  maxDefinitions: number;
  /** Most variable definitions, all operations of the document together. */
  maxVariableDefinitions: number;
  /** Work budget: most selections (fields, inline fragments, spreads) the measure may visit; each fragment is visited once. */
  maxNodes: number;
}

/** Why a document or operation was refused: the code a client sees and a message saying what to change. */
export interface LimitRefusal {
  code: 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_ROOT_FIELDS' | 'TOO_MANY_DEFINITIONS' | 'TOO_MANY_VARIABLES' | 'QUERY_TOO_LARGE';
  message: string;
}

/** What one pass over a document found. */
export interface DocumentMeasure {
  /** The first limit passed, if any; the walk stops there. */
  refusal?: LimitRefusal;
  /** Selections visited (the work done): at most `maxNodes` + 1, whatever the document. */
  nodesVisited: number;
}

/** Thrown inside a walk to stop it at the first limit passed; never leaves this module. */
class LimitPassed {
  constructor(readonly refusal: LimitRefusal) {}
}

/** What a selection set contributes wherever it is used: its nesting and its top-level fields. */
interface SelectionSummary {
  /** Field levels below (and including) the set's own fields: `{ a { b } }` has 2. */
  levels: number;
  /** Fields selected at the set's own level, fragments followed (`__typename` free). */
  fields: number;
}

/**
 * Measures `document` against `limits` in time linear in its size: each fragment is summarised
 * once (its nesting and its top-level field count, memoised) and every spread reuses that summary,
 * so a fragment spreading the next twice, 40 levels down, costs 40 summaries rather than 2^40
 * walks. The walk stops at the first limit passed, and at `maxNodes` selections whatever happens.
 *
 * Order of checks: definitions, variable definitions, then per operation in document order the
 * walk (aliases, depth, node budget as met), then its root fields.
 */
export function measureDocument(document: DocumentNode, limits: DocumentLimits): DocumentMeasure {
  const measure: DocumentMeasure = { nodesVisited: 0 };
  const refuse = (code: LimitRefusal['code'], message: string): never => {
    throw new LimitPassed({ code, message });
  };
  try {
    const { definitions } = document;
    if (definitions.length > limits.maxDefinitions) {
      refuse('TOO_MANY_DEFINITIONS', `Document holds ${definitions.length} definitions (operations and fragments); the limit is ${limits.maxDefinitions}`);
    }
    const fragments = new Map<string, FragmentDefinitionNode>();
    const operations: OperationDefinitionNode[] = [];
    let variables = 0;
    for (const definition of definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      operations.push(definition);
      variables += definition.variableDefinitions?.length ?? 0;
      if (variables > limits.maxVariableDefinitions) {
        refuse('TOO_MANY_VARIABLES', `Document declares more than ${limits.maxVariableDefinitions} variables; the limit is ${limits.maxVariableDefinitions}`);
      }
    }

    let aliases = 0;
    const visit = () => {
      measure.nodesVisited += 1;
      if (measure.nodesVisited > limits.maxNodes) {
        refuse('QUERY_TOO_LARGE', `Document selects more than ${limits.maxNodes} fields and fragments; the limit is ${limits.maxNodes}`);
      }
    };
    // Inside a fragment the depth is relative (the fragment may be spread deeper), so only a lower bound.
    let fragmentsOpen = 0;
    const tooDeep = (depth: number) =>
      refuse('QUERY_TOO_DEEP', `Query is nested ${depth === limits.maxDepth + 1 && fragmentsOpen === 0 ? depth : `more than ${limits.maxDepth}`} levels deep; the limit is ${limits.maxDepth}`);
    // A fragment being summarised counts as empty where it spreads itself: NoFragmentCycles refuses the cycle.
    const summaries = new Map<string, SelectionSummary | 'in progress'>();

    const tooManyRootFields = (fields: number) =>
      refuse('TOO_MANY_ROOT_FIELDS', `Operation selects ${Number.isSafeInteger(fields) ? fields : `more than ${Number.MAX_SAFE_INTEGER}`} root fields; the limit is ${limits.maxRootFields}`);

    /**
     * Summary of `selectionSet`, found `depthAbove` field levels down (0 for a fragment: it may be
     * used anywhere). `atRoot`: the set is an operation's (or an inline fragment's at its root), so
     * its fields count against maxRootFields as they are met.
     */
    const summarise = (selectionSet: SelectionSetNode, depthAbove: number, atRoot = false): SelectionSummary => {
      const summary: SelectionSummary = { levels: 0, fields: 0 };
      for (const selection of selectionSet.selections) {
        visit();
        let levels: number;
        if (selection.kind === Kind.FIELD) {
          if (selection.alias && ++aliases > limits.maxAliases) refuse('TOO_MANY_ALIASES', `Query uses ${aliases} aliases; the limit is ${limits.maxAliases}`);
          if (depthAbove + 1 > limits.maxDepth) tooDeep(depthAbove + 1);
          levels = 1 + (selection.selectionSet ? summarise(selection.selectionSet, depthAbove + 1).levels : 0);
          if (selection.name.value !== '__typename') summary.fields += 1;
        } else {
          const inner = selection.kind === Kind.INLINE_FRAGMENT ? summarise(selection.selectionSet, depthAbove, atRoot) : fragmentSummary(selection.name.value);
          levels = inner.levels;
          summary.fields += inner.fields;
        }
        summary.levels = Math.max(summary.levels, levels);
        if (depthAbove + summary.levels > limits.maxDepth) tooDeep(depthAbove + summary.levels);
        if (atRoot && summary.fields > limits.maxRootFields) tooManyRootFields(summary.fields);
      }
      return summary;
    };
    const fragmentSummary = (name: string): SelectionSummary => {
      const known = summaries.get(name);
      if (known === 'in progress') return { levels: 0, fields: 0 };
      if (known) return known;
      const fragment = fragments.get(name);
      if (!fragment) return { levels: 0, fields: 0 };
      summaries.set(name, 'in progress');
      fragmentsOpen += 1;
      const summary = summarise(fragment.selectionSet, 0);
      fragmentsOpen -= 1;
      summaries.set(name, summary);
      return summary;
    };

    for (const operation of operations) summarise(operation.selectionSet, 0, true);
  } catch (error) {
    if (!(error instanceof LimitPassed)) throw error;
    measure.refusal = error.refusal;
  }
  return measure;
}

/**
 * Validation rule applying {@link measureDocument} when the document is entered, before any other
 * rule has looked at a selection. A refused document is reported and then removed from the
 * traversal (graphql's visitor skips a node whose enter returns null), so GraphQL's own rules —
 * OverlappingFieldsCanBeMerged is quadratic in repeated fields — never walk what is refused.
 */
export function documentLimits(limits: DocumentLimits) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const { refusal } = measureDocument(document, limits);
      if (!refusal) return undefined;
      context.reportError(new GraphQLError(refusal.message, { nodes: [document], extensions: { code: refusal.code } }));
      return null;
    },
  });
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
  /** Set when the walk passed its work budget (`maxNodes`) and stopped: a message saying so. */
  tooLarge?: string;
  /** Selections visited (the work done); a fragment is visited once per page size it is spread under. */
  nodesVisited: number;
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
 *
 * Linear in the document: a selection set's cost per element of the lists above it does not depend
 * on where it sits, so each fragment is costed once (per page size handed down to it) and every
 * spread multiplies that. The walk stops after `maxNodes` selections (default: no budget).
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: ListLimits & { defaultPageSize: number; maxNodes?: number },
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measure: OperationMeasure = { cost: 0, nodesVisited: 0 };
  const maxNodes = limits.maxNodes ?? Number.POSITIVE_INFINITY;
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

  /** Unit costs of fragments by name and the page size handed down to them; a fragment spreading itself costs 0 (validation refuses the cycle). */
  const fragmentCosts = new Map<string, number>();

  /** Cost of `selectionSet` for one element of the lists above it. */
  const costOf = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType, pendingSize: number | undefined): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (++measure.nodesVisited > maxNodes) throw new WorkBudgetSpent();
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (type) cost += costOf(selection.selectionSet, type, pendingSize);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const key = `${selection.name.value}:${pendingSize}`;
        let fragmentCost = fragmentCosts.get(key);
        if (fragmentCost === undefined) {
          fragmentCosts.set(key, 0);
          const fragment = fragments.get(selection.name.value);
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          fragmentCost = fragment && type ? costOf(fragment.selectionSet, type, pendingSize) : 0;
          fragmentCosts.set(key, fragmentCost);
        }
        cost += fragmentCost;
        continue;
      }
      cost += 1;
      const field = selection.name.value.startsWith('__') ? undefined : outputFields(parentType)?.[selection.name.value];
      if (!field) continue;
      const args = argumentValues(field, selection, variables);
      for (const argument of field.args) {
        if (argument.name === 'first' && typeof args.first === 'number' && args.first > limits.maxPageSize && !measure.oversizedList) {
          measure.oversizedList = `${selection.name.value}(first: ${args.first}) asks for more than ${limits.maxPageSize} items; page with first ≤ ${limits.maxPageSize} and after`;
        }
        checkList(args[argument.name], argument.type, `${selection.name.value}.${argument.name}`);
      }
      if (!selection.selectionSet) continue;
      const hint = sizeHint(field, args);
      const returnsList = isList(field.type);
      const size = returnsList ? (hint ?? pendingSize ?? ASSUMED_LIST_SIZE) : 1;
      cost += Math.max(size, 1) * costOf(selection.selectionSet, namedType(field.type), returnsList ? undefined : (hint ?? pendingSize));
    }
    return cost;
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  try {
    if (root) measure.cost = costOf(operation.selectionSet, root, undefined);
  } catch (error) {
    if (!(error instanceof WorkBudgetSpent)) throw error;
    measure.tooLarge = `Operation selects more than ${maxNodes} fields and fragments once its fragments are sized; the limit is ${maxNodes}`;
  }
  return measure;
}

/** Thrown inside the cost walk when it has visited `maxNodes` selections; never leaves this module. */
class WorkBudgetSpent {}

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

import { Kind, type GraphQLCompositeType, type GraphQLOutputType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.ts';
import { setOwn } from './own-property.ts';

// The gateway's schema comes from Apollo's copy of graphql: type checks must use that copy.
const { isCompositeType, isEnumType, isListType, isNonNullType, isObjectType, isScalarType } = graphqlRuntime;

/**
 * Turns the data a query plan's fetches merged into the client's response: the client's fields
 * in the client's order under its aliases, without what the plan added (`__typename` and key
 * fields for entity fetches), shaped against the API schema as @apollo/gateway shapes it.
 *
 * @apollo/gateway does this by walking the operation in federation's own model for every
 * response (`computeResponse` in its resultShaping.js). A projection walks a tree compiled once
 * per operation. It takes values as the subgraphs serialised them and never completes or nulls
 * one: wherever Apollo's shaping would change the data — a value absent, a null where the
 * schema says non-null, a leaf value the API schema does not accept (an enum value it hides, a
 * string for an Int), a `__typename` naming no type of the API schema — it returns undefined,
 * and the caller answers the query by the usual path, which states it as it always has.
 */
export type Projection = (data: Record<string, unknown>) => Record<string, unknown> | undefined;

/** How one value is checked and copied: what its type allows. */
interface Shape {
  nonNull: boolean;
  /** Element shape of a list. */
  list?: Shape;
  /** Sub-selection of a composite type. */
  fields?: FieldProjection[];
  /** Whether a leaf value is one the API schema accepts. */
  leaf?: (value: unknown) => boolean;
}

interface FieldProjection {
  key: string;
  /** `__typename` of an object type: the type's name when the data has none. */
  typename?: string;
  shape?: Shape;
}

/** The API schema's type names a `__typename` may hold: of an object type (the field), of a composite type (an object's). */
interface KnownTypes {
  objects: ReadonlySet<string>;
  composites: ReadonlySet<string>;
}

/** Why a projection stopped: a value Apollo's shaping would change. */
class ValueMissing extends Error {}

/**
 * The projection of `operation` (a query without fragments or directives; see `plainDocument`
 * in plan-route.ts) over the API schema `schema`, or null when it selects what a projection does
 * not do: introspection, or one response key twice in a selection set.
 */
export function compileProjection(schema: GraphQLSchema, operation: OperationDefinitionNode): Projection | null {
  const root = schema.getQueryType();
  const fields = root && operation.operation === 'query' ? compileSelection(schema, root, operation.selectionSet) : null;
  if (!fields) return null;
  const types = Object.values(schema.getTypeMap());
  const known: KnownTypes = {
    objects: new Set(types.filter((type) => isObjectType(type)).map((type) => type.name)),
    composites: new Set(types.filter((type) => isCompositeType(type)).map((type) => type.name)),
  };
  return (data) => {
    // The single-fetch case, mostly: the subgraph answered in the client's shape, so the data is the response.
    if (alreadyProjected(data, fields, known)) return data;
    try {
      return projectObject(data, fields, known);
    } catch (error) {
      if (error instanceof ValueMissing) return undefined;
      throw error;
    }
  };
}

function compileSelection(schema: GraphQLSchema, parent: GraphQLCompositeType, selectionSet: SelectionSetNode): FieldProjection[] | null {
  const fields: FieldProjection[] = [];
  const keys = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length) return null;
    const key = selection.alias?.value ?? selection.name.value;
    if (keys.has(key)) return null;
    keys.add(key);
    const name = selection.name.value;
    if (name === '__typename') {
      fields.push(isObjectType(parent) ? { key, typename: parent.name } : { key });
      continue;
    }
    if (name.startsWith('__')) return null;
    const definition = 'getFields' in parent ? parent.getFields()[name] : undefined;
    const shape = definition && compileShape(schema, definition.type, selection.selectionSet);
    if (!shape) return null;
    fields.push({ key, shape });
  }
  return fields;
}

function compileShape(schema: GraphQLSchema, type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined): Shape | null {
  const nonNull = isNonNullType(type);
  const nullable = nonNull ? type.ofType : type;
  if (isListType(nullable)) {
    const list = compileShape(schema, nullable.ofType, selectionSet);
    return list && { nonNull, list };
  }
  if (isCompositeType(nullable)) {
    const fields = selectionSet && compileSelection(schema, nullable, selectionSet);
    return fields ? { nonNull, fields } : null;
  }
  if (selectionSet) return null;
  if (isEnumType(nullable)) {
    const values = new Set(nullable.getValues().map((value) => value.name));
    return { nonNull, leaf: (value) => typeof value === 'string' && values.has(value) };
  }
  return isScalarType(nullable) ? { nonNull, leaf: LEAF_CHECKS[nullable.name] ?? (() => true) } : null;
}

/** Apollo's `isValidLeafValue` for the built-in scalars (custom scalars take any value). */
const LEAF_CHECKS: Record<string, (value: unknown) => boolean> = {
  Int: (value) => Number.isSafeInteger(value),
  Float: (value) => typeof value === 'number' && Number.isFinite(value),
  String: (value) => typeof value === 'string',
  Boolean: (value) => typeof value === 'boolean',
  ID: (value) => typeof value === 'string' || Number.isSafeInteger(value),
};

/**
 * Whether `source` is already what {@link projectObject} would build: a plain object with exactly
 * the fields' keys, in their order, each value one shaping leaves as it is. Reads, allocates
 * nothing; false sends the data through the projection, which copies or refuses it.
 */
function alreadyProjected(source: unknown, fields: readonly FieldProjection[], known: KnownTypes): boolean {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return false;
  let index = 0;
  for (const key in source) {
    const field = fields[index++];
    if (field?.key !== key || !Object.hasOwn(source, key)) return false;
    const value = (source as Record<string, unknown>)[key];
    if (field.shape ? !alreadyShaped(value, field.shape, known) : typeof value !== 'string' || !known.objects.has(value)) return false;
  }
  return index === fields.length;
}

function alreadyShaped(value: unknown, shape: Shape, known: KnownTypes): boolean {
  if (value === undefined) return false;
  if (value === null) return !shape.nonNull;
  if (shape.list) return Array.isArray(value) && value.every((item) => alreadyShaped(item, shape.list!, known));
  if (shape.fields) return alreadyProjected(value, shape.fields, known);
  return shape.leaf!(value);
}

function projectObject(source: unknown, fields: readonly FieldProjection[], known: KnownTypes): Record<string, unknown> {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) throw new ValueMissing();
  const typename = Object.hasOwn(source, '__typename') ? (source as Record<string, unknown>).__typename : undefined;
  if (typename !== undefined && !(typeof typename === 'string' && known.composites.has(typename))) throw new ValueMissing();
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    // Own properties only: an alias such as `constructor` must not read Object.prototype's.
    let value = Object.hasOwn(source, field.key) ? (source as Record<string, unknown>)[field.key] : undefined;
    if (!field.shape) {
      // __typename: the data's (an entity's concrete type), else the parent's when it is an object type.
      value ??= field.typename;
      if (typeof value !== 'string' || !known.objects.has(value)) throw new ValueMissing();
    } else {
      value = projectValue(value, field.shape, known);
    }
    setOwn(result, field.key, value);
  }
  return result;
}

function projectValue(value: unknown, shape: Shape, known: KnownTypes): unknown {
  if (value === undefined || (value === null && shape.nonNull)) throw new ValueMissing();
  if (value === null) return null;
  if (shape.list) {
    if (!Array.isArray(value)) throw new ValueMissing();
    return value.map((item) => projectValue(item, shape.list!, known));
  }
  if (shape.fields) return projectObject(value, shape.fields, known);
  if (!shape.leaf!(value)) throw new ValueMissing();
  return value;
}

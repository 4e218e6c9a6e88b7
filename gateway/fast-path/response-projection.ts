import { Kind, type GraphQLCompositeType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.ts';
import { setOwn } from './own-property.ts';

// The gateway's schema comes from Apollo's copy of graphql: type checks must use that copy.
const { getNamedType, isCompositeType, isObjectType } = graphqlRuntime;

/**
 * Turns the data a query plan's fetches merged into the client's response: the client's fields
 * in the client's order under its aliases, without what the plan added (`__typename` and key
 * fields for entity fetches).
 *
 * @apollo/gateway does this by walking the operation in federation's own model for every
 * response (`computeResponse`). A projection walks a tree compiled once per operation. It
 * takes values as the subgraphs serialised them and never completes a missing one: when a value
 * is absent it returns undefined, and the caller answers the query another way.
 */
export type Projection = (data: Record<string, unknown>) => Record<string, unknown> | undefined;

interface FieldProjection {
  key: string;
  /** `__typename` of an object type: the type's name when the data has none. */
  typename?: string;
  /** Sub-selection of a composite field. */
  fields?: FieldProjection[];
}

/** Why a projection stopped: a value the data does not have. */
class ValueMissing extends Error {}

/**
 * The projection of `operation` (a query without fragments or directives; see `plainDocument`
 * in plan-route.ts) over `schema`, or null when it selects what a projection does not do:
 * introspection, or one response key twice in a selection set.
 */
export function compileProjection(schema: GraphQLSchema, operation: OperationDefinitionNode): Projection | null {
  const root = schema.getQueryType();
  const fields = root && operation.operation === 'query' ? compileSelection(root, operation.selectionSet) : null;
  if (!fields) return null;
  return (data) => {
    try {
      return projectObject(data, fields);
    } catch (error) {
      if (error instanceof ValueMissing) return undefined;
      throw error;
    }
  };
}

function compileSelection(parent: GraphQLCompositeType, selectionSet: SelectionSetNode): FieldProjection[] | null {
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
    if (!definition) return null;
    const type = getNamedType(definition.type);
    if (!selection.selectionSet) {
      fields.push({ key });
      continue;
    }
    if (!isCompositeType(type)) return null;
    const nested = compileSelection(type, selection.selectionSet);
    if (!nested) return null;
    fields.push({ key, fields: nested });
  }
  return fields;
}

function projectObject(source: unknown, fields: readonly FieldProjection[]): Record<string, unknown> {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) throw new ValueMissing();
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    // Own properties only: an alias such as `constructor` must not read Object.prototype's.
    let value = Object.hasOwn(source, field.key) ? (source as Record<string, unknown>)[field.key] : undefined;
    if (value === undefined) {
      if (field.typename === undefined) throw new ValueMissing();
      value = field.typename;
    }
    setOwn(result, field.key, field.fields && value !== null ? projectValue(value, field.fields) : value);
  }
  return result;
}

/** A composite value: an object, or lists of them to any depth. */
function projectValue(value: unknown, fields: readonly FieldProjection[]): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === null ? null : projectValue(item, fields)));
  return projectObject(value, fields);
}

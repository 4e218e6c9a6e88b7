import {
  buildASTSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type SelectionSetNode,
} from 'graphql';
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { SUBGRAPH_SCHEMAS } from '../../gateway/supergraph.ts';
import { OrchestrationSnapshotDocument } from '../../jobs/orchestration/generated/operations.ts';
import { readSubgraphSdl } from '../sdl.ts';
import { SnapshotInput } from './snapshot.ts';

/**
 * The snapshot contract has one source, the zod schema `SnapshotInput` (snapshot.ts). These tests
 * hold the two other descriptions to it field for field: the SDL input types recordSnapshot takes
 * (schema/snapshot.graphql), and the worker's snapshot query, whose answer it passes on.
 */

/** A field's shape, comparable across zod and GraphQL: leaves by kind, objects by field, lists by item. */
type Shape =
  | { leaf: 'string' | 'int' | 'float' | 'boolean' }
  | { enum: string[] }
  | { list: Shape }
  | { fields: Record<string, { required: boolean; shape: Shape }> };

/** GraphQL scalars a zod string may be on the wire (ids, dates and instants are strings). */
const STRING_SCALARS = new Set(['String', 'ID', 'Date', 'DateTime']);

function zodShape(schema: z.ZodType): { required: boolean; shape: Shape } {
  const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } }).def;
  if (def.type === 'optional' || def.type === 'nullable') return { required: false, shape: zodShape(def.innerType!).shape };
  if (def.type === 'pipe') return zodShape(def.in!);
  const required = true;
  if (def.type === 'object') {
    const shape = (schema as z.ZodObject).shape;
    return { required, shape: { fields: Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, zodShape(field as z.ZodType)])) } };
  }
  if (def.type === 'array') return { required, shape: { list: zodShape((schema as z.ZodArray<z.ZodType>).element).shape } };
  if (def.type === 'enum') return { required, shape: { enum: [...(schema as z.ZodEnum).options].map(String).sort() } };
  if (def.type === 'number') return { required, shape: { leaf: (schema as z.ZodNumber).isInt ? 'int' : 'float' } };
  if (def.type === 'string' || def.type === 'boolean') return { required, shape: { leaf: def.type } };
  throw new Error(`no GraphQL counterpart for zod type ${def.type}`);
}

function sdlShape(type: GraphQLInputType): { required: boolean; shape: Shape } {
  const required = isNonNullType(type);
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    // Lists of the contract never hold nulls.
    expect(isNonNullType(nullable.ofType)).toBe(true);
    return { required, shape: { list: sdlShape(nullable.ofType).shape } };
  }
  const named = getNamedType(nullable);
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields()).map((field) => [field.name, sdlShape(field.type)]);
    return { required, shape: { fields: Object.fromEntries(fields) } };
  }
  if (isEnumType(named)) return { required, shape: { enum: named.getValues().map((value) => value.name).sort() } };
  if (STRING_SCALARS.has(named.name)) return { required, shape: { leaf: 'string' } };
  const leaves: Record<string, Shape> = { Int: { leaf: 'int' }, Float: { leaf: 'float' }, Boolean: { leaf: 'boolean' } };
  if (!leaves[named.name]) throw new Error(`no zod counterpart for GraphQL type ${named.name}`);
  return { required, shape: leaves[named.name] };
}

/** The fields a selection set names, nested, through fragment spreads (what the worker's query reads of each record). */
function selected(selectionSet: SelectionSetNode | undefined, fragments: ReadonlyMap<string, FragmentDefinitionNode>): Record<string, unknown> | true {
  if (!selectionSet) return true;
  const fields = selectionSet.selections.flatMap((selection): [string, unknown][] => {
    if (selection.kind === Kind.FIELD) return [[selection.name.value, selected(selection.selectionSet, fragments)]];
    if (selection.kind === Kind.FRAGMENT_SPREAD) return Object.entries(selected(fragments.get(selection.name.value)!.selectionSet, fragments));
    return [];
  });
  return Object.fromEntries(fields);
}

/** The same tree from a shape: a record's fields, through lists. */
function fieldTree(shape: Shape): Record<string, unknown> | true {
  if ('list' in shape) return fieldTree(shape.list);
  if ('fields' in shape) return Object.fromEntries(Object.entries(shape.fields).map(([name, field]) => [name, fieldTree(field.shape)]));
  return true;
}

const contract = zodShape(SnapshotInput).shape as Extract<Shape, { fields: unknown }>;

describe('the snapshot contract, from one source (the zod SnapshotInput)', () => {
  test('the SDL input types recordSnapshot takes match it field for field: names, nullability, lists, leaf kinds', () => {
    // The federation directives are not needed to read input types (assumeValidSDL skips them).
    const schema = buildASTSchema(parse(readSubgraphSdl(SUBGRAPH_SCHEMAS.planning)), { assumeValidSDL: true });
    const recordSnapshot = schema.getMutationType()!.getFields().recordSnapshot;
    const argument = recordSnapshot.args.find((arg) => arg.name === 'snapshot')!;
    expect(sdlShape(argument.type)).toEqual({ required: true, shape: contract });
  });

  test("the worker's snapshot query reads exactly the fields of each list's records", () => {
    const { definitions } = parse(OrchestrationSnapshotDocument.toString());
    const operation = definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = new Map(definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]));
    const lists = selected(operation.selectionSet, fragments) as Record<string, { edges: { node: unknown } }>;
    const listNames = Object.keys(contract.fields).filter((name) => 'list' in contract.fields[name].shape);
    expect(Object.keys(lists).sort()).toEqual(listNames.sort());
    for (const name of listNames) expect({ [name]: lists[name].edges.node }).toEqual({ [name]: fieldTree(contract.fields[name].shape) });
  });
});

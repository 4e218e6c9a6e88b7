import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';
import { createRandom } from '../../platform/random.ts';

/**
 * Random GraphQL operations built from a schema, for the fuzz test (hostile values,
 * test/security/fuzz.test.ts) and the differential test (plain values over seeded bakeries,
 * test/gateway/differential.test.ts). Deterministic: the same seed gives the same operations.
 */

/** The code base's seeded source (platform/random.ts), with `int(max)` in [0, max). */
export function prng(seed: number) {
  const random = createRandom(seed);
  return { next: random.next, int: (max: number) => random.int(0, max - 1), pick: random.pick, chance: random.chance };
}
export type Random = ReturnType<typeof prng>;

/** What an operation is built with: the PRNG, a value for each argument's type, and how fields are named. */
export interface OperationParts {
  random: Random;
  value: (type: GraphQLInputType) => unknown;
  /** The response key of a selected field: its name, or an alias (default: its name). */
  key?: (name: string) => string;
  /** Chance that a field is selected (default 0.35; at least one is). */
  fieldChance?: number;
}

/** An operation under way: its variables and their definitions (`$v0: Int`). */
export interface Variables {
  values: Record<string, unknown>;
  definitions: string[];
}

/** A selection of up to `depth` levels under `type`, with field arguments where a field takes them. */
export function randomSelection(type: GraphQLNamedType, parts: OperationParts, depth: number, variables: Variables): string {
  if (isLeafType(type)) return '';
  if (!isObjectType(type)) return '{ __typename }';
  const { random } = parts;
  const fields = Object.values(type.getFields());
  const chosen = fields.filter(() => random.chance(parts.fieldChance ?? 0.35));
  if (chosen.length === 0) chosen.push(random.pick(fields));
  const selections = chosen.map((field) => {
    const named = getNamedType(field.type);
    const head = `${fieldHead(field.name, parts)}${randomArguments(field, parts, variables)}`;
    if (isLeafType(named)) return head;
    if (depth <= 1) return `${head} { __typename }`;
    return `${head} ${randomSelection(named, parts, depth - 1, variables)}`;
  });
  return `{ ${selections.join(' ')} }`;
}

function fieldHead(name: string, parts: OperationParts): string {
  const key = parts.key?.(name) ?? name;
  return key === name ? name : `${key}: ${name}`;
}

/** `(argument: $vN, …)` for the required arguments of `field` and about half the others, their values in `variables`. */
export function randomArguments(field: GraphQLField<unknown, unknown>, parts: OperationParts, variables: Variables): string {
  const passed: string[] = [];
  for (const argument of field.args) {
    const required = isNonNullType(argument.type) && argument.defaultValue === undefined;
    if (!required && parts.random.chance(0.5)) continue;
    const name = `v${variables.definitions.length}`;
    variables.definitions.push(`$${name}: ${String(argument.type)}`);
    variables.values[name] = parts.value(argument.type);
    passed.push(`${argument.name}: $${name}`);
  }
  return passed.length ? `(${passed.join(', ')})` : '';
}

/** A query `Op` of one root field `field` with a selection of up to `depth` levels. */
export function randomQuery(field: GraphQLField<unknown, unknown>, parts: OperationParts, depth: number, head = 'query Op'): { query: string; variables: Record<string, unknown> } {
  const variables: Variables = { values: {}, definitions: [] };
  const args = randomArguments(field, parts, variables);
  const named = getNamedType(field.type);
  const selection = isLeafType(named) ? '' : randomSelection(named, parts, depth, variables);
  const definitions = variables.definitions.length ? `(${variables.definitions.join(', ')})` : '';
  return { query: `${head}${definitions} { ${fieldHead(field.name, parts)}${args} ${selection} }`, variables: variables.values };
}

/** Values every field would accept, drawn from `ids` (the seeded bakeries' rows) and small, fixed scalars. */
export function plainValue(type: GraphQLInputType, random: Random, ids: readonly string[], depth = 0): unknown {
  if (isNonNullType(type)) return plainValue(type.ofType, random, ids, depth);
  if (isListType(type)) return Array.from({ length: random.int(3) }, () => plainValue(type.ofType, random, ids, depth + 1));
  if (isEnumType(type)) return random.pick(type.getValues()).value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      if (required || (depth < 2 && random.chance(0.3))) value[field.name] = plainValue(field.type, random, ids, depth + 1);
    }
    return value;
  }
  switch (type.name) {
    case 'ID':
      return random.chance(0.92) ? random.pick(ids) : random.pick(['00000000-0000-4000-8000-000000000000', 'not-an-id']);
    case 'Int':
      return random.int(4);
    case 'Float':
      return random.pick([0, 1, 2.5]);
    case 'Boolean':
      return random.chance(0.5);
    case 'Date':
      return random.pick(['2026-01-15', '2026-06-30', '2026-12-01', '2027-02-29']);
    case 'DateTime':
      return random.pick(['2026-01-15T08:00:00Z', '2026-06-30T23:59:59Z']);
    default:
      return random.pick(['', 'a', 'flour', 'Harina', 'BAG']);
  }
}

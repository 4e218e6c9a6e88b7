import { randomBytes, randomUUID } from 'node:crypto';
import {
  buildSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { Db } from '../../db/client.ts';
import { DEMO_BAKERY } from '../../db/seeds/demo-bakery.ts';
import { insertBakery } from '../../db/seeds/insert.ts';
import { RIVAL_BAKERY } from '../../db/seeds/rival-bakery.ts';
import { seedIds } from '../../db/seeds/seed-ids.ts';
import type { BakeryDescription } from '../../db/seeds/bakery.ts';
import { composeSupergraph } from '../../gateway/supergraph.ts';
import { loadConfig, subgraphUrls, type SubgraphName } from '../../platform/config.ts';

/** A seeded bakery of this test file's own: its tenant id and its stable ids by natural key. */
export interface PrivateBakery {
  tenantId: string;
  slug: string;
  ingredient: (sku: string) => string;
  supplier: (name: string) => string;
  offer: (supplierName: string, sku: string) => string;
  product: (sku: string) => string;
  recipe: (productSku: string) => string;
  lot: (sku: string, index: number) => string;
}

async function insertCopy(db: Db, description: BakeryDescription, slug: string): Promise<PrivateBakery> {
  const { tenantId } = await insertBakery(db, { ...description, tenant: { ...description.tenant, slug } });
  return {
    tenantId,
    slug,
    ingredient: (sku) => seedIds.ingredient(slug, sku),
    supplier: (name) => seedIds.supplier(slug, name),
    offer: (supplierName, sku) => seedIds.offer(slug, supplierName, sku),
    product: (sku) => seedIds.product(slug, sku),
    recipe: (productSku) => seedIds.recipe(slug, productSku),
    lot: (sku, index) => seedIds.stockLot(slug, sku, index),
  };
}

/**
 * Copies of the seeded `demo` and `rival` bakeries under fresh slugs, so a security test can
 * write (and be written at) without disturbing the other test files that share the run's
 * database and count demo's and rival's rows.
 */
export async function insertPrivateBakeries(db: Db, label: string): Promise<{ demo: PrivateBakery; rival: PrivateBakery }> {
  const suffix = randomBytes(3).toString('hex');
  const demo = await insertCopy(db, DEMO_BAKERY, `${label}-demo-${suffix}`);
  const rival = await insertCopy(db, RIVAL_BAKERY, `${label}-rival-${suffix}`);
  return { demo, rival };
}

/** One root field of the composed supergraph and the subgraph that resolves it. */
export interface RootField {
  rootType: 'Query' | 'Mutation';
  name: string;
  subgraph: SubgraphName;
  field: GraphQLField<unknown, unknown>;
}

/** The composed supergraph (from the subgraphs' SDL files, as the gateway composes it) as a graphql-js schema. */
export function composedSchema(): GraphQLSchema {
  const { supergraphSdl } = composeSupergraph(subgraphUrls(loadConfig({}, { exitOnError: false })));
  return buildSchema(supergraphSdl);
}

/** Every Query and Mutation field of the composed supergraph, with its owning subgraph (`@join__field(graph:)`). */
export function composedRootFields(schema: GraphQLSchema = composedSchema()): RootField[] {
  const fields: RootField[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const join = field.astNode?.directives?.find((directive) => directive.name.value === 'join__field');
      const graph = join?.arguments?.find((argument) => argument.name.value === 'graph')?.value;
      if (graph?.kind !== Kind.ENUM) throw new Error(`${root.name}.${field.name} has no @join__field(graph:) in the supergraph`);
      fields.push({ rootType: root.name as RootField['rootType'], name: field.name, subgraph: graph.value.toLowerCase() as SubgraphName, field });
    }
  }
  return fields;
}

/** A value of `type` that passes GraphQL coercion: required input fields only, one list element, unknown UUIDs. */
export function sampleValue(type: GraphQLInputType, newId: () => string = randomUUID): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, newId);
  if (isListType(type)) return [sampleValue(type.ofType, newId)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = sampleValue(field.type, newId);
    }
    return value;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return newId();
      case 'String':
        return `x-${randomBytes(3).toString('hex')}`;
      case 'Int':
        return 1;
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'Date':
        return '2024-01-01';
      case 'DateTime':
        return '2024-01-01T00:00:00.000Z';
    }
  }
  throw new Error(`no sample for input type ${String(type)}`);
}

/**
 * An operation calling one root field: its required arguments (and any in `args`) as variables,
 * selecting `__typename` (or nothing for a scalar result).
 */
export function operationFor(root: RootField, args: Record<string, unknown> = {}, newId?: () => string) {
  const variables: Record<string, unknown> = {};
  const definitions: string[] = [];
  const passed: string[] = [];
  for (const argument of root.field.args) {
    const given = Object.hasOwn(args, argument.name);
    if (!given && !(isNonNullType(argument.type) && argument.defaultValue === undefined)) continue;
    variables[argument.name] = given ? args[argument.name] : sampleValue(argument.type, newId);
    definitions.push(`$${argument.name}: ${String(argument.type)}`);
    passed.push(`${argument.name}: $${argument.name}`);
  }
  const selection = isCompositeType(getNamedType(root.field.type)) ? ' { __typename }' : '';
  const head = root.rootType === 'Query' ? 'query' : 'mutation';
  const query = `${head}${definitions.length ? `(${definitions.join(', ')})` : ''} { ${root.name}${passed.length ? `(${passed.join(', ')})` : ''}${selection} }`;
  return { query, variables };
}

/** Row count and content hash of one table's rows for a tenant. */
export type TenantFingerprint = Record<string, { rows: number; hash: string }>;

/**
 * Every row a tenant has in every schema (inventory, suppliers, recipes, planning), as a count
 * and an md5 per table: equal fingerprints mean nothing of the tenant was added, changed or removed.
 */
export async function tenantFingerprint(db: Db, tenantId: string): Promise<TenantFingerprint> {
  const tables = await db('information_schema.columns')
    .where({ column_name: 'tenant_id' })
    .whereIn('table_schema', ['inventory', 'suppliers', 'recipes', 'planning'])
    .orderBy(['table_schema', 'table_name'])
    .select<{ table_schema: string; table_name: string }[]>('table_schema', 'table_name');
  const fingerprint: TenantFingerprint = {};
  const targets = [...tables.map((table) => ({ name: `${table.table_schema}.${table.table_name}`, key: 'tenant_id' })), { name: 'planning.tenants', key: 'id' }];
  for (const { name, key } of targets) {
    const result = await db.raw(
      `select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as hash from ?? t where ?? = ?`,
      [name, key, tenantId],
    );
    fingerprint[name] = result.rows[0];
  }
  return fingerprint;
}

/** Patterns that must never appear in a response: SQL, database errors, stack frames, file paths. */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /\bselect\b[\s\S]{1,200}\bfrom\b/i,
  /\binsert into\b/i,
  /\bupdate\b\s+"?\w+"?\."?\w+"?\s+set\b/i,
  /\bdelete from\b/i,
  /syntax error at or near/i,
  /violates (?:unique|foreign key|check|not-null) constraint/i,
  /relation "[^"]+" does not exist/i,
  /\bknex\b/i,
  /\bat [\w.<>]+ \((?:file:\/\/)?\/[^)]+:\d+:\d+\)/,
  /\/work\/|node_modules|\.ts:\d+/,
  /ECONNREFUSED|ETIMEDOUT/,
];

/** The first leak pattern a response body matches, or undefined. */
export function findLeak(body: string): RegExp | undefined {
  return LEAK_PATTERNS.find((pattern) => pattern.test(body));
}

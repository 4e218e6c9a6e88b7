/**
 * Levain's operation limits (gateway/limits.ts) against the libraries that could replace them:
 * graphql-armor's validation rules (max-depth, max-aliases, max-directives, cost-limit) and
 * graphql-query-complexity (its complexity rule, simple estimator). For normal operations (the
 * benchmark's dashboard, plan and 500-id batch queries) and the hostile documents of issue 12
 * (test/support/hostile-documents.ts): µs per validation (the median of repeated runs of the limit
 * rules alone on an already parsed document, the gateway's configured defaults) and whether each
 * refuses the document. Each implementation runs in its own child process, which is stopped when
 * one document takes longer than TIMEOUT_MS (a rule that walks fragments naively never finishes a
 * 40-level fragment bomb) and started again for the documents after it.
 *
 *   npm run bench:limits
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Supergraph } from '@apollo/federation-internals';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Kind, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { createComplexityRule, simpleEstimator } from 'graphql-query-complexity';
import { documentLimits, measureOperation } from '../gateway/limits.ts';
import { loadConfig } from '../platform/config.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../platform/pagination.ts';
import { MAX_BATCH_IDS } from '../platform/ids.ts';
import { fragmentBomb, HOSTILE_SHAPES_AT_BODY_LIMIT } from '../test/support/hostile-documents.ts';
import { BY_IDS, DASHBOARD, PLAN } from './support/workloads.ts';
import { fixed, markdownTable, median } from './support/stats.ts';

/** Longest one document's measurement may take before its child process is stopped. */
const TIMEOUT_MS = 3000;
/** Each measurement repeats its validation until this much time has passed (at least once after a warm-up). */
const SAMPLE_MS = 300;

const config = loadConfig({ JWT_SECRET: 'x'.repeat(32) }, { exitOnError: false });

interface Document {
  query: string;
  variables: Record<string, unknown>;
  hostile: boolean;
}

const DOCUMENTS: Record<string, () => Document> = {
  'dashboard query': () => ({ query: DASHBOARD, variables: {}, hostile: false }),
  'plan query': () => ({ query: PLAN, variables: {}, hostile: false }),
  'ingredientsByIds, 500 ids': () => ({ query: BY_IDS, variables: { ids: Array.from({ length: 500 }, () => randomUUID()) }, hostile: false }),
  'fragment bomb, 20 levels': () => ({ query: fragmentBomb(20), variables: {}, hostile: true }),
  'fragment bomb, 40 levels': () => ({ query: fragmentBomb(40), variables: {}, hostile: true }),
  ...Object.fromEntries(
    Object.entries(HOSTILE_SHAPES_AT_BODY_LIMIT).map(([name, build]) => [`${name} (~512 KiB)`, () => ({ query: build(), variables: {}, hostile: true })]),
  ),
};

/** One implementation of the limits: does it refuse `document`? */
type Limits = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>) => boolean;

const IMPLEMENTATIONS: Record<string, Limits> = {
  /** What the gateway runs: the document's shape (validation rule), then each operation's cost and lists. */
  levain: (schema, document, variables) => {
    const rule = documentLimits({
      maxDepth: config.MAX_QUERY_DEPTH,
      maxAliases: config.MAX_ALIASES,
      maxRootFields: config.MAX_ROOT_FIELDS,
      maxDefinitions: config.MAX_DEFINITIONS,
      maxVariableDefinitions: config.MAX_VARIABLE_DEFINITIONS,
      maxNodes: config.MAX_QUERY_NODES,
    });
    if (validate(schema, document, [rule]).length > 0) return true;
    const limits = { maxPageSize: MAX_PAGE_SIZE, maxIds: MAX_BATCH_IDS, maxListItems: config.MAX_LIST_ITEMS, defaultPageSize: DEFAULT_PAGE_SIZE, maxNodes: config.MAX_QUERY_NODES };
    let cost = 0;
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const measure = measureOperation(schema, document, definition as OperationDefinitionNode, variables, limits);
      if (measure.tooLarge || measure.oversizedList) return true;
      cost += measure.cost;
    }
    return cost > config.MAX_QUERY_COST;
  },
  'graphql-armor': (schema, document) =>
    validate(schema, document, [
      maxDepthRule({ n: config.MAX_QUERY_DEPTH }),
      maxAliasesRule({ n: config.MAX_ALIASES }),
      maxDirectivesRule({ n: 50 }),
      costLimitRule({ maxCost: config.MAX_QUERY_COST }),
    ]).length > 0,
  'graphql-query-complexity': (schema, document, variables) =>
    validate(schema, document, [createComplexityRule({ maximumComplexity: config.MAX_QUERY_COST, variables, estimators: [simpleEstimator({ defaultComplexity: 1 })] })]).length > 0,
};

/**
 * A document's verdict — passed, refused by a reported validation error, or refused by a GraphQLError
 * thrown out of `validate` (graphql-armor's rules, graphql-query-complexity's node limit) — and µs per validation.
 */
interface Measurement {
  verdict: 'passed' | 'refused' | 'throws';
  microseconds: number;
}

/** In the child process: parses the document (then says `parsed`), then times the implementation's validation of it. */
function measureHere(schema: GraphQLSchema, implementation: string, documentName: string): Measurement {
  const { query, variables } = DOCUMENTS[documentName]();
  const document = parse(query);
  process.stdout.write('parsed\n');
  const run = (): Measurement['verdict'] => {
    try {
      return IMPLEMENTATIONS[implementation](schema, document, variables) ? 'refused' : 'passed';
    } catch (error) {
      if (error instanceof GraphQLError) return 'throws';
      throw error;
    }
  };
  const verdict = run(); // warm-up, and the verdict
  const samples: number[] = [];
  const until = performance.now() + SAMPLE_MS;
  do {
    const start = performance.now();
    run();
    samples.push((performance.now() - start) * 1000);
  } while (performance.now() < until);
  return { verdict, microseconds: median(samples) };
}

/**
 * Measures `documentNames` with `implementation` in a child process, one JSON line each; a document
 * whose validation still runs TIMEOUT_MS after it was parsed is reported undefined and the rest
 * measured in a new child process.
 */
async function measureAll(implementation: string, documentNames: string[]): Promise<(Measurement | undefined)[]> {
  const results: (Measurement | undefined)[] = [];
  while (results.length < documentNames.length) {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--measure', implementation, ...documentNames.slice(results.length)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let timer: NodeJS.Timeout | undefined;
    for await (const line of createInterface({ input: child.stdout! })) {
      clearTimeout(timer);
      if (line === 'parsed') timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
      else results.push(JSON.parse(line) as Measurement);
    }
    clearTimeout(timer);
    if (child.signalCode === 'SIGKILL' || child.exitCode !== 0) results.push(undefined);
  }
  return results;
}

if (process.argv[2] === '--measure') {
  const schema = Supergraph.build(readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8')).apiSchema().toGraphQLJSSchema();
  for (const documentName of process.argv.slice(4)) process.stdout.write(`${JSON.stringify(measureHere(schema, process.argv[3], documentName))}\n`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const documentNames = Object.keys(DOCUMENTS);
  const implementations = Object.keys(IMPLEMENTATIONS);
  const results = await Promise.all(implementations.map((implementation) => measureAll(implementation, documentNames)));
  const rows = documentNames.map((documentName, row) => {
    const hostile = DOCUMENTS[documentName]().hostile;
    return [
      documentName,
      ...results.map((column) => {
        const result = column[row];
        if (!result) return `> ${TIMEOUT_MS / 1000} s (stopped)`;
        const verdict = (result.verdict === 'passed') === hostile ? `**${result.verdict}**` : result.verdict;
        return `${fixed(result.microseconds, result.microseconds < 100 ? 1 : 0)} µs ${verdict}`;
      }),
    ];
  });
  console.log(`\nµs per validation (median; limit rules alone, document already parsed; defaults of platform/config.ts; **bold**: a wrong verdict; throws: refused by a GraphQLError thrown out of validate)\n`);
  console.log(markdownTable(['document', ...implementations], rows, ['l']));
}

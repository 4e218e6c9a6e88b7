import type { FetchNode, PlanNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import type { SentFetch, SubgraphAnswer } from './answer-reuse.ts';
import { distinctRepresentations } from './entity-deduplication.ts';
import { setOwn } from './own-property.ts';

/**
 * Runs the query plans of plain queries: fetches in sequence and in parallel, entity
 * representations built from what earlier fetches returned, answers merged into one tree.
 *
 * The same work as @apollo/gateway's `executeQueryPlan`, for the plans it is written for
 * (`compilePlan` says which), without what a Levain query never needs there: building a usage
 * trace node per plan node, re-reading the operation into federation's model on every request,
 * and stating subgraph errors (a fetch that fails or answers with errors stops the run, and the
 * caller takes @apollo/gateway's usual path, which states them as it always has).
 */

/** A plan compiled for {@link executePlan}: fetches at paths, in sequence or in parallel. */
export type PlanStep =
  | { kind: 'fetch'; fetch: FetchNode }
  | EntitiesStep
  | { kind: 'sequence'; steps: PlanStep[] }
  | { kind: 'parallel'; steps: PlanStep[] };

/**
 * An `_entities` fetch: one part, or several merged into one request (entity-fetch-merging.ts),
 * each part with its own representations and its own `_entities` field in the answer.
 */
export interface EntitiesStep {
  kind: 'entities';
  fetch: FetchNode;
  parts: EntityPart[];
}

export interface EntityPart {
  /** Where the entities are in the merged data. */
  path: readonly string[];
  representation: RepresentationBuilder;
  /** The variable holding this part's representations (`representations` in Apollo's fetch). */
  variable: string;
  /** The answer's field holding this part's entities (`_entities` in Apollo's fetch). */
  key: string;
}

/** Builds an entity's representation from the merged data, or undefined when it has none. */
type RepresentationBuilder = (entity: Record<string, unknown>) => Record<string, unknown> | undefined;

/**
 * Sends one fetch with its variables; resolves to the subgraph's answer, or undefined when the
 * fetch failed (no answer). An answer with errors or without data stops the run too.
 */
export type SendFetch = (fetch: FetchNode, variables: Record<string, unknown>) => Promise<SubgraphAnswer | undefined>;

/** What a run gives: the merged data of every fetch, or none when it stopped; and every fetch it sent with its answer. */
export interface PlanResult {
  data: Record<string, unknown> | undefined;
  sent: SentFetch[];
}

/** Why a run stopped: the caller answers the query another way. */
class PlanStopped extends Error {}

/**
 * The plan-node kinds {@link compilePlan} knows, each with every field it may carry. A node of
 * another kind, or with a field not listed (a planner upgrade adding one), is refused: the query
 * takes the usual path rather than a run that ignores what the field means.
 */
const ALLOWED_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  Sequence: new Set(['kind', 'nodes']),
  Parallel: new Set(['kind', 'nodes']),
  Flatten: new Set(['kind', 'path', 'node']),
  // `id` names a fetch for @defer only; `hasDefers`, rewrites: refused below unless false or empty.
  Fetch: new Set(['kind', 'serviceName', 'id', 'hasDefers', 'variableUsages', 'requires', 'operation', 'operationName', 'operationKind', 'operationDocumentNode', 'inputRewrites', 'outputRewrites', 'contextRewrites']),
  Field: new Set(['kind', 'name', 'alias', 'selections']),
  InlineFragment: new Set(['kind', 'typeCondition', 'selections']),
};

/** Whether `node` is of a kind on the allow-list with only allowed fields set. */
export function allowedNode(node: { kind: string }): boolean {
  const allowed = Object.hasOwn(ALLOWED_FIELDS, node.kind) ? ALLOWED_FIELDS[node.kind] : undefined;
  return allowed !== undefined && Object.keys(node).every((field) => allowed.has(field) || (node as Record<string, unknown>)[field] === undefined);
}

/**
 * `node` compiled, or null when it is not on the allow-list ({@link allowedNode}) or uses what
 * {@link executePlan} does not do: conditions (@skip/@include), @defer, subscriptions,
 * rewrites, type conditions in paths, nested flattens, and entity requirements on abstract
 * types (`objectTypes` names the schema's object types).
 */
export function compilePlan(node: PlanNode, objectTypes: ReadonlySet<string>, path: readonly string[] = []): PlanStep | null {
  if (!allowedNode(node)) return null;
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel': {
      if (path.length) return null;
      const steps = node.nodes.map((child) => compilePlan(child, objectTypes));
      if (!steps.every((step) => step !== null)) return null;
      return node.kind === 'Sequence' ? { kind: 'sequence', steps } : { kind: 'parallel', steps };
    }
    case 'Flatten':
      if (path.length || !node.path.every((element) => typeof element === 'string' && !element.startsWith('... on ') && !element.startsWith('|'))) return null;
      return compilePlan(node.node, objectTypes, node.path as string[]);
    case 'Fetch': {
      if (node.hasDefers || node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length || node.operationKind !== 'query') return null;
      if (!node.requires) return path.length ? null : { kind: 'fetch', fetch: node };
      const representation = representationBuilder(node.requires, objectTypes);
      return representation && path.length ? { kind: 'entities', fetch: node, parts: [{ path, representation, variable: 'representations', key: '_entities' }] } : null;
    }
    default:
      return null;
  }
}

export interface ExecutionOptions {
  /** Send each distinct entity representation once (default true); false sends one per entity, as @apollo/gateway does. */
  deduplicate?: boolean;
}

/**
 * Runs `step` with the client's `variables`; resolves to the merged data of every fetch (none
 * when a fetch failed or answered with errors) and the fetches sent (for answer-reuse.ts).
 */
export async function executePlan(
  step: PlanStep,
  variables: Readonly<Record<string, unknown>>,
  send: SendFetch,
  options: ExecutionOptions = {},
): Promise<PlanResult> {
  const data: Record<string, unknown> = {};
  const sent: SentFetch[] = [];
  try {
    await run(step, data, variables, { send, deduplicate: options.deduplicate ?? true, stopped: false, sent });
  } catch (error) {
    if (error instanceof PlanStopped) return { data: undefined, sent };
    throw error;
  }
  return { data, sent };
}

interface Run {
  send: SendFetch;
  deduplicate: boolean;
  /** Set when a fetch stopped the run: branches still running send nothing more. */
  stopped: boolean;
  sent: SentFetch[];
}

async function run(step: PlanStep, data: Record<string, unknown>, variables: Readonly<Record<string, unknown>>, how: Run): Promise<void> {
  if (step.kind === 'sequence') {
    for (const child of step.steps) await run(child, data, variables, how);
  } else if (step.kind === 'parallel') {
    // Every branch ends before the run does (a stopped run still hands every answer it received to answer-reuse.ts).
    const settled = await Promise.allSettled(step.steps.map((child) => run(child, data, variables, how)));
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  } else if (step.kind === 'fetch') {
    deepMerge(data, await sendOrStop(how, step.fetch, usedVariables(step.fetch, variables)));
  } else {
    await runEntities(step, data, variables, how);
  }
}

/** As @apollo/gateway: the variables the fetch uses, when the client gave them. */
function usedVariables(fetch: FetchNode, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const name of fetch.variableUsages ?? []) {
    if (Object.hasOwn(given, name) && given[name] !== undefined) setOwn(variables, name, given[name]);
  }
  return variables;
}

/** A part's entities with a representation, and what is sent for them. */
interface Collected {
  entities: Record<string, unknown>[];
  representations: Record<string, unknown>[];
  /** For each entity, the index of its representation in `representations`. */
  slots: number[];
}

function collect(part: EntityPart, data: Record<string, unknown>, deduplicate: boolean): Collected | undefined {
  const entities: Record<string, unknown>[] = [];
  const all: Record<string, unknown>[] = [];
  for (const entity of entitiesAt(data, part.path)) {
    const representation = part.representation(entity);
    if (!representation) continue;
    entities.push(entity);
    all.push(representation);
  }
  if (!all.length) return undefined;
  // Each distinct representation is sent once (unless told otherwise); every entity that has it gets its answer.
  const { distinct, slots } = deduplicate ? distinctRepresentations(all) : { distinct: all, slots: all.map((_, index) => index) };
  return { entities, representations: distinct, slots };
}

async function runEntities(step: EntitiesStep, data: Record<string, unknown>, given: Readonly<Record<string, unknown>>, how: Run): Promise<void> {
  const collected = step.parts.map((part) => collect(part, data, how.deduplicate));
  // As @apollo/gateway, no fetch without representations; a merged fetch sends each part's, even none.
  if (collected.every((part) => part === undefined)) return;
  const variables = usedVariables(step.fetch, given);
  step.parts.forEach((part, index) => setOwn(variables, part.variable, collected[index]?.representations ?? []));
  const received = await sendOrStop(how, step.fetch, variables);
  step.parts.forEach((part, index) => {
    const sent = collected[index];
    if (!sent) return;
    const answers = Object.hasOwn(received, part.key) ? received[part.key] : undefined;
    if (!Array.isArray(answers) || answers.length !== sent.representations.length) throw stop(how);
    for (let entity = 0; entity < sent.entities.length; entity++) deepMerge(sent.entities[entity], answers[sent.slots[entity]]);
  });
}

async function sendOrStop(how: Run, fetch: FetchNode, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (how.stopped) throw new PlanStopped();
  const answer = await how.send(fetch, variables);
  if (answer) how.sent.push({ serviceName: fetch.serviceName, query: fetch.operation, variables, answer });
  if (!answer?.data || answer.errors?.length) throw stop(how);
  return answer.data;
}

function stop(how: Run): PlanStopped {
  how.stopped = true;
  return new PlanStopped();
}

/** The objects at `path` ('@' steps into every element of a list), nulls left out. */
function entitiesAt(data: unknown, path: readonly string[]): Record<string, unknown>[] {
  let current: unknown[] = [data];
  for (const element of path) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || value === undefined) continue;
      if (element === '@') {
        if (!Array.isArray(value)) throw new PlanStopped();
        next.push(...value);
      } else {
        if (typeof value !== 'object' || Array.isArray(value)) throw new PlanStopped();
        next.push(Object.hasOwn(value, element) ? (value as Record<string, unknown>)[element] : undefined);
      }
    }
    current = next;
  }
  return current.filter((value): value is Record<string, unknown> => value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value));
}

/**
 * `requires` (inline fragments on object types, holding the key fields) as a function of an
 * entity: its fields under the fragment its `__typename` names. An entity missing one of them
 * has no representation (as in @apollo/gateway, it is not fetched).
 */
function representationBuilder(requires: readonly QueryPlanSelectionNode[], objectTypes: ReadonlySet<string>): RepresentationBuilder | null {
  const byType = new Map<string, readonly QueryPlanSelectionNode[]>();
  for (const selection of requires) {
    if (!allowedNode(selection) || selection.kind !== 'InlineFragment' || !selection.typeCondition || !objectTypes.has(selection.typeCondition) || byType.has(selection.typeCondition)) return null;
    if (!selection.selections.every(plainField)) return null;
    byType.set(selection.typeCondition, selection.selections);
  }
  return (entity) => {
    const selections = byType.get(entity.__typename as string);
    return selections ? (pick(entity, selections) ?? undefined) : undefined;
  };
}

function plainField(selection: QueryPlanSelectionNode): boolean {
  return allowedNode(selection) && selection.kind === 'Field' && !selection.alias && (selection.selections ?? []).every(plainField);
}

/** The selected fields of `source` (lists element by element), or null when one is missing. */
function pick(source: unknown, selections: readonly QueryPlanSelectionNode[]): Record<string, unknown> | null {
  if (source === null || typeof source !== 'object') return null;
  const result: Record<string, unknown> = {};
  for (const selection of selections as Extract<QueryPlanSelectionNode, { kind: 'Field' }>[]) {
    const value = Object.hasOwn(source, selection.name) ? (source as Record<string, unknown>)[selection.name] : undefined;
    if (value === undefined) return null;
    const nested = selection.selections;
    setOwn(result, selection.name, !nested || value === null ? value : Array.isArray(value) ? value.map((item) => (item === null ? null : pick(item, nested))) : pick(value, nested));
  }
  return result;
}

/** @apollo/gateway's merge: objects field by field, lists of equal length element by element, anything else replaced. */
function deepMerge(target: Record<string, unknown>, source: unknown): void {
  if (source === null || source === undefined || typeof source !== 'object') return;
  for (const key of Object.keys(source)) {
    const value = (source as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let index = 0; index < value.length; index++) {
        if (isObject(existing[index]) && isObject(value[index])) deepMerge(existing[index], value[index]);
        else existing[index] = value[index];
      }
    } else if (isObject(existing) && isObject(value)) {
      deepMerge(existing, value);
    } else {
      setOwn(target, key, value);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

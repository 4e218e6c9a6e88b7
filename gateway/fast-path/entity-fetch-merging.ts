import { Kind, parse, print, stripIgnoredCharacters, type FieldNode } from 'graphql';
import type { EntitiesStep, PlanStep } from './plan-execution.ts';

/**
 * Entity fetches to one subgraph at the same point of a plan, merged into one request, as the
 * Rust query planner (Apollo Router, Hive Router) does and @apollo/gateway's planner does not.
 *
 * The plan of `latestProcurementPlan { lines { supplier … } purchaseOrders { supplier … } }`
 * asks suppliers twice in one parallel step (the lines' suppliers and the orders'): merged, the
 * two `_entities` selections go in one operation under aliases, each with its own
 * representations variable, and each answer goes back to its own entities — 3 subgraph
 * requests instead of 4. Only fetches of one parallel step are merged (they need nothing of
 * each other); anything the merge cannot rewrite exactly is left as the planner wrote it.
 */
export function mergeEntityFetches(step: PlanStep): PlanStep {
  if (step.kind === 'sequence') return { kind: 'sequence', steps: step.steps.map(mergeEntityFetches) };
  if (step.kind !== 'parallel') return step;
  const steps = step.steps.map(mergeEntityFetches);
  const byService = new Map<string, EntitiesStep[]>();
  for (const child of steps) {
    if (child.kind !== 'entities' || child.parts.length !== 1) continue;
    const group = byService.get(child.fetch.serviceName);
    if (group) group.push(child);
    else byService.set(child.fetch.serviceName, [child]);
  }
  const replaced = new Map<PlanStep, PlanStep | null>();
  for (const group of byService.values()) {
    const merged = group.length > 1 ? mergedFetch(group) : null;
    if (!merged) continue;
    group.forEach((child, index) => replaced.set(child, index === 0 ? merged : null));
  }
  const result = steps.flatMap((child) => {
    const replacement = replaced.has(child) ? replaced.get(child) : child;
    return replacement ? [replacement] : [];
  });
  return result.length === 1 ? result[0] : { kind: 'parallel', steps: result };
}

/** One `_entities` fetch carrying every fetch of `group` (same subgraph), or null when one is not of the expected shape. */
function mergedFetch(group: readonly EntitiesStep[]): EntitiesStep | null {
  const definitions = new Map<string, string>();
  const selections: string[] = [];
  for (const [index, step] of group.entries()) {
    const document = parse(step.fetch.operation);
    const operation = document.definitions.length === 1 ? document.definitions[0] : undefined;
    if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query' || operation.directives?.length) return null;
    const [field, ...others] = operation.selectionSet.selections;
    if (others.length || !isEntitiesField(field)) return null;
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      if (name === 'representations') {
        definitions.set(`representations${index}`, `$representations${index}: ${print(definition.type)}`);
      } else {
        // The client's own variables: one definition each, the same in every fetch.
        const printed = print(definition);
        if (definitions.has(name) && definitions.get(name) !== printed) return null;
        definitions.set(name, printed);
      }
    }
    selections.push(`_entities${index}: _entities(representations: $representations${index}) ${print(field.selectionSet!)}`);
  }
  const operationName = `${group[0].fetch.operationName ?? 'Entities'}__merged`;
  return {
    kind: 'entities',
    fetch: {
      ...group[0].fetch,
      operationName,
      operation: stripIgnoredCharacters(`query ${operationName}(${[...definitions.values()].join(', ')}) { ${selections.join(' ')} }`),
      operationDocumentNode: undefined,
      variableUsages: [...new Set(group.flatMap((step) => step.fetch.variableUsages ?? []))],
    },
    parts: group.map((step, index) => ({ ...step.parts[0], variable: `representations${index}`, key: `_entities${index}` })),
  };
}

/** `_entities(representations: $representations) { … }`, unaliased, without directives. */
function isEntitiesField(selection: unknown): selection is FieldNode {
  const field = selection as FieldNode | undefined;
  if (field?.kind !== Kind.FIELD || field.name.value !== '_entities' || field.alias || field.directives?.length || !field.selectionSet) return false;
  const [argument, ...others] = field.arguments ?? [];
  return !others.length && argument?.name.value === 'representations' && argument.value.kind === Kind.VARIABLE && argument.value.name.value === 'representations';
}

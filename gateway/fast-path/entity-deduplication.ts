import type { GraphQLFormattedError } from 'graphql';

/**
 * Repeated entity representations in one `_entities` fetch.
 *
 * @apollo/gateway sends one representation per entity *position*: a procurement plan whose 250
 * lines name 15 suppliers asks the suppliers subgraph for 250 `Supplier` representations, and
 * the subgraph resolves and serialises each of them. Sending each distinct representation once
 * and copying the answers back to every position gives the gateway the same response with less
 * work on both sides.
 */

/** For each representation the gateway built, the index of its distinct copy in what was sent. */
export type RepresentationSlots = number[];

interface EntitiesResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * When `variables.representations` repeats itself, returns the variables with each distinct
 * representation once and the slots to expand the answer with; otherwise undefined (send as is).
 * Representations are compared by their JSON, which the gateway writes in selection order.
 */
export function dedupeRepresentations(
  variables: Record<string, unknown> | undefined,
): { variables: Record<string, unknown>; slots: RepresentationSlots } | undefined {
  const representations = variables?.representations;
  if (!Array.isArray(representations) || representations.length < 2) return undefined;
  const { distinct, slots } = distinctRepresentations(representations);
  if (distinct.length === representations.length) return undefined;
  return { variables: { ...variables, representations: distinct }, slots };
}

/**
 * Each distinct representation of `representations` once (compared by their JSON), and for
 * every one given the index of its distinct copy.
 */
export function distinctRepresentations<T>(representations: readonly T[]): { distinct: T[]; slots: RepresentationSlots } {
  const slotByKey = new Map<string, number>();
  const distinct: T[] = [];
  const slots: RepresentationSlots = new Array(representations.length);
  for (let index = 0; index < representations.length; index++) {
    const key = JSON.stringify(representations[index]);
    let slot = slotByKey.get(key);
    if (slot === undefined) {
      slot = distinct.push(representations[index]) - 1;
      slotByKey.set(key, slot);
    }
    slots[index] = slot;
  }
  return { distinct, slots };
}

/**
 * Puts an answer to the deduplicated fetch back in the shape the gateway asked for: one
 * `_entities` element per original representation (the first use of a distinct answer is the
 * object itself, later ones are deep copies, since the gateway merges into what it gets), and
 * each error under `_entities.<i>` repeated for every original position i it stands for.
 */
export function expandEntities<T extends EntitiesResponse>(response: T, slots: RepresentationSlots): T {
  const entities = response.data?._entities;
  if (!Array.isArray(entities)) return response;
  const used = new Array<boolean>(entities.length).fill(false);
  const expanded = slots.map((slot) => {
    const entity = entities[slot];
    if (!used[slot]) {
      used[slot] = true;
      return entity;
    }
    return entity === null || entity === undefined ? entity : structuredClone(entity);
  });
  let errors = response.errors;
  if (errors?.some((error) => error.path?.[0] === '_entities' && typeof error.path[1] === 'number')) {
    const positionsOf = new Map<number, number[]>();
    slots.forEach((slot, position) => {
      const positions = positionsOf.get(slot);
      if (positions) positions.push(position);
      else positionsOf.set(slot, [position]);
    });
    errors = errors.flatMap((error) => {
      const path = error.path;
      if (path?.[0] !== '_entities' || typeof path[1] !== 'number') return [error];
      return (positionsOf.get(path[1]) ?? [path[1]]).map((position) => ({ ...error, path: ['_entities', position, ...path.slice(2)] }));
    });
  }
  return { ...response, data: { ...response.data, _entities: expanded }, errors };
}

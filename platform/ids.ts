import { badUserInput } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Most ids one batch lookup accepts. */
export const MAX_BATCH_IDS = 5000;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Throws `BAD_USER_INPUT` unless `id` is a UUID; returns it lower-cased. */
export function parseId(id: string, field = 'id'): string {
  if (!isUuid(id)) throw badUserInput(`${field} must be a UUID, got ${JSON.stringify(id.slice(0, 64))}`, { field });
  return id.toLowerCase();
}

/**
 * Validates a batch of ids: at most {@link MAX_BATCH_IDS}, every one a UUID.
 * Malformed ids are named in the error (the first 20) so the caller can fix them.
 */
export function parseIdBatch(ids: readonly string[], field = 'ids'): string[] {
  if (ids.length > MAX_BATCH_IDS) {
    throw badUserInput(`${field} accepts at most ${MAX_BATCH_IDS} ids, got ${ids.length}`, { field });
  }
  const malformed = ids.filter((id) => !isUuid(id));
  if (malformed.length > 0) {
    const named = malformed.slice(0, 20).map((id) => JSON.stringify(id.slice(0, 64)));
    throw badUserInput(`${field} contains ${malformed.length} malformed id(s): ${named.join(', ')}`, {
      field,
      malformedIds: malformed.slice(0, 20),
    });
  }
  return ids.map((id) => id.toLowerCase());
}

/**
 * Validates a batch of skus (`ingredientsBySkus`, `productsBySkus`): at most
 * {@link MAX_BATCH_IDS}, each a non-empty string. Skus are matched exactly as given.
 */
export function parseSkuBatch(skus: readonly string[], field = 'skus'): string[] {
  if (skus.length > MAX_BATCH_IDS) throw badUserInput(`${field} accepts at most ${MAX_BATCH_IDS} skus, got ${skus.length}`, { field });
  if (skus.some((sku) => sku.length === 0 || sku.length > 64 || sku.includes('\u0000'))) {
    throw badUserInput(`${field} must hold skus of 1 to 64 characters`, { field });
  }
  return [...skus];
}

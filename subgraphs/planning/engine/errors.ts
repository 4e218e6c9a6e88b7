/**
 * Thrown when the engine is handed data that breaks its contract (a malformed date, a recipe
 * naming an ingredient that is not in the snapshot, a service level outside (0, 1)). The
 * message states the contract and the value received; callers should treat it as a bug in
 * the snapshot or settings, not retry.
 */
export class PlanningInputError extends Error {
  override readonly name = 'PlanningInputError';
}

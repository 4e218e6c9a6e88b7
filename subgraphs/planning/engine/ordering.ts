/** Deterministic orderings: plans never depend on the order rows came out of a database. */

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byId(a: { id: string }, b: { id: string }): number {
  return compareStrings(a.id, b.id);
}

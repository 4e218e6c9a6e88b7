/**
 * How many of one bakery's runs a worker process drives at once. BullMQ's own per-group limits
 * are a Pro feature, so the worker keeps this count itself: a job whose bakery already holds its
 * share goes back to the queue (delayed) instead of taking a slot another bakery's run could use.
 * Per process: N worker processes let a bakery run at most N × `perTenant`.
 */
export class TenantSlots {
  private readonly held = new Map<string, number>();
  /** The most slots any one tenant has held at once (for tests and metrics). */
  peak = 0;

  /** @param perTenant runs of one tenant at once (WORKER_CONCURRENCY_PER_TENANT, ≥ 1) */
  constructor(readonly perTenant: number) {
    if (!Number.isInteger(perTenant) || perTenant < 1) throw new RangeError(`perTenant must be an integer ≥ 1, got ${perTenant}`);
  }

  /** Takes a slot for `tenantId` when it holds fewer than `perTenant`; false (nothing taken) otherwise. */
  tryTake(tenantId: string): boolean {
    const count = this.held.get(tenantId) ?? 0;
    if (count >= this.perTenant) return false;
    this.held.set(tenantId, count + 1);
    this.peak = Math.max(this.peak, count + 1);
    return true;
  }

  /** Gives back a slot taken by {@link tryTake}. */
  release(tenantId: string): void {
    const count = this.held.get(tenantId) ?? 0;
    if (count <= 1) this.held.delete(tenantId);
    else this.held.set(tenantId, count - 1);
  }

  /** Slots `tenantId` holds now. */
  heldBy(tenantId: string): number {
    return this.held.get(tenantId) ?? 0;
  }
}

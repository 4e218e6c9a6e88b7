import type { LookupAddress, LookupOptions } from 'node:dns';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { Agent, fetch } from 'undici';
import type { Logger } from '../../platform/logger.ts';
import type { PinnedAddress, WebhookPolicy } from '../../platform/webhook-address.ts';

export interface WebhookOptions {
  /** Tries of one delivery, the first included. */
  attempts: number;
  /** Timeout of one try, in ms. */
  timeoutMs: number;
  /** First delay between tries, in ms (doubles, with jitter; default 1000). */
  initialDelayMs?: number;
  /** Where a webhook may go (platform/webhook-address.ts; WEBHOOK_ALLOWED_HOSTS). */
  policy: WebhookPolicy;
  logger: Logger;
}

/**
 * What a delivery came to. Only `delivered` may reach the bakery: the receiver's status or the
 * network error would let a bakery's ADMIN map ports behind Levain (finding 5 of issue 12), so
 * the reason of a failure goes to the worker's log alone.
 */
export interface WebhookDelivery {
  delivered: boolean;
  tries: number;
  /** Why it was not delivered (the last failure), for the operator's log only. */
  error: string | null;
}

/** Posts a run's summary to a tenant's webhook. */
export type WebhookSender = (url: string, payload: WebhookPayload) => Promise<WebhookDelivery>;

/** The JSON body a tenant's webhook receives after a run (documented in the README). */
export interface WebhookPayload {
  /** `orchestration.plan_ready` after a successful run, `orchestration.run_failed` otherwise. */
  event: 'orchestration.plan_ready' | 'orchestration.run_failed';
  /** Unique per run and event: receivers can drop a repeated delivery. */
  deliveryId: string;
  tenantId: string;
  run: { id: string; planDate: string; trigger: string; status: string; failedStep: string | null; error: string | null };
  procurementPlan: {
    id: string;
    status: string;
    totalCost: number;
    /** ISO 4217 code of totalCost: the bakery's currency when the plan was made. */
    currency: string;
    purchaseOrders: number;
    lines: number;
    urgentLines: number;
    warnings: { code: string; message: string }[];
  } | null;
  notifications: { kind: string; severity: string; title: string; message: string }[];
}

class WebhookRefused extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** A connection-level DNS lookup that answers the address already checked, whatever the name. */
function pinnedLookup(pinned: PinnedAddress) {
  return (_host: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family } satisfies LookupAddress]);
    else callback(null, pinned.address, pinned.family);
  };
}

/**
 * A sender that POSTs JSON with `Idempotency-Key: <deliveryId>`, retrying network errors,
 * timeouts, 408, 429 and 5xx with exponential backoff and jitter; other 4xx answers, refused
 * addresses and redirects are final. Each try resolves the host once, checks every address
 * ({@link WebhookPolicy.resolveTarget}) and connects to the checked one (an undici Agent whose
 * lookup is pinned), so DNS rebinding cannot move the POST inside. It never throws.
 */
export function createWebhookSender(options: WebhookOptions): WebhookSender {
  return async (url, payload) => {
    const policy = retry(
      handleWhen((error) => !(error instanceof WebhookRefused) || error.retryable),
      {
        maxAttempts: options.attempts - 1,
        backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs ?? 1_000, maxDelay: 30_000 }),
      },
    );
    let tries = 0;
    try {
      await policy.execute(async () => {
        tries += 1;
        const target = await options.policy.resolveTarget(url);
        if ('problem' in target) throw new WebhookRefused(`refused: the webhook URL ${target.problem}`, false);
        const dispatcher = new Agent({ connect: { lookup: pinnedLookup(target) as never }, connections: 1 });
        try {
          let response: Awaited<ReturnType<typeof fetch>>;
          try {
            response = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': payload.deliveryId, 'user-agent': 'levain-worker' },
              body: JSON.stringify(payload),
              redirect: 'manual',
              signal: AbortSignal.timeout(options.timeoutMs),
              dispatcher,
            });
          } catch (error) {
            throw new WebhookRefused(`unreachable: ${(error as Error).message}`, true);
          }
          await response.body?.cancel().catch(() => {});
          if (response.ok) return;
          const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
          throw new WebhookRefused(`HTTP ${response.status}`, retryable);
        } finally {
          void dispatcher.close().catch(() => {});
        }
      });
      return { delivered: true, tries, error: null };
    } catch (error) {
      const message = (error as Error).message;
      options.logger.warn({ url: new URL(url).origin, tries, err: message, deliveryId: payload.deliveryId }, 'webhook not delivered');
      return { delivered: false, tries, error: message };
    }
  };
}

import type { IncomingMessage } from 'node:http';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../platform/logger.ts';

/** Whether one more request fits in its key's window, and when to retry when it does not. */
export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the window that refused the request ends (≥ 1); 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * The budgets a request is counted against: a client address (requests), a tenant (operations),
 * a service — the pipeline's verified SERVICE token, counted apart from clients (operations).
 */
export type Budget = 'address' | 'tenant' | 'service';

export interface RateLimitOptions {
  /** What each budget allows per window; 0 = that budget is off. */
  limits: Record<Budget, number>;
  windowSeconds: number;
  /** Redis URL: counters shared by every replica; absent → in this process's memory. */
  redisUrl?: string;
  /** Prefix of every Redis key: `<prefix>:<budget>:<id>`, expiring with its window. */
  keyPrefix: string;
  logger: Logger;
}

/**
 * Longest Redis's first connection may take (ioredis's connectTimeout), and so the longest a request
 * waits for it. Generous: a gateway starting up blocks its event loop for a while (the query planner),
 * and a shorter timeout there drops a healthy connection and counts the first requests in memory.
 */
const FIRST_CONNECTION_WAIT_MS = 5000;

/**
 * Fixed-window rate limits by rate-limiter-flexible: a window opens at a key's first request and
 * lasts `windowSeconds`; refused requests count too, so a client that keeps hammering stays refused
 * until the window ends. With Redis, every replica shares the counters; when Redis does not answer
 * within 250 ms (down, restarting, unreachable) the library's insurance limiter counts in this
 * process's memory instead — limiting degrades to per replica, it never blocks or fails a request.
 * While the first connection is still being made, a request waits for it (at most 5 s).
 */
export class RateLimits {
  private readonly limiters = new Map<Budget, RateLimiterAbstract>();
  private readonly redis?: Redis;
  private firstConnection?: Promise<void>;
  private lastWarning = 0;

  constructor(private readonly options: RateLimitOptions) {
    const budgets = (Object.entries(options.limits) as [Budget, number][]).filter(([, limit]) => limit > 0);
    if (budgets.length === 0) return;
    if (options.redisUrl) {
      this.redis = new Redis(options.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: 250,
        connectTimeout: FIRST_CONNECTION_WAIT_MS,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      });
      this.redis.on('error', (error) => this.warn(error));
      this.firstConnection = new Promise<void>((resolve) => {
        this.redis!.once('ready', resolve);
        this.redis!.once('error', resolve);
      }).then(() => (this.firstConnection = undefined));
    }
    for (const [budget, points] of budgets) {
      const memory = new RateLimiterMemory({ points, duration: options.windowSeconds, keyPrefix: budget });
      this.limiters.set(
        budget,
        this.redis
          ? new RateLimiterRedis({ storeClient: this.redis, rejectIfRedisNotReady: true, points, duration: options.windowSeconds, keyPrefix: `${options.keyPrefix}:${budget}`, insuranceLimiter: memory })
          : memory,
      );
    }
  }

  /** Counts `amount` against `id`'s share of `budget` (always allowed when the budget is off). */
  async consume(budget: Budget, id: string, amount = 1): Promise<RateDecision> {
    const limiter = this.limiters.get(budget);
    if (!limiter) return { allowed: true, retryAfterSeconds: 0 };
    if (this.firstConnection) await this.firstConnection;
    try {
      await limiter.consume(id, amount);
      return { allowed: true, retryAfterSeconds: 0 };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    }
  }

  /** At most one warning every 10 s, so an outage does not flood the log. */
  private warn(error: unknown): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.options.logger.warn({ err: error }, 'rate limiter: Redis unavailable, counting in memory');
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}

/**
 * The address a request comes from: the socket's peer, or, behind `trustedHops` proxies that
 * each append to X-Forwarded-For, the entry the outermost trusted proxy appended. Entries further
 * left were written by the client and are never trusted.
 */
export function clientAddress(request: IncomingMessage, trustedHops: number): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustedHops] ?? peer;
}

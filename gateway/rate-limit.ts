import type { IncomingMessage } from 'node:http';
import { Redis } from 'ioredis';
import type { Logger } from '../platform/logger.ts';

/** Whether one more request fits in its key's window, and when to retry when it does not. */
export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the window that refused the request ends (≥ 1); 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters: `consume(key, amount, limit)` adds `amount` to the key's count in the
 * current window and allows the request while the count stays ≤ `limit`. Refused requests count
 * too, so a client that keeps hammering stays refused until the window ends.
 */
export interface RateLimiter {
  consume(key: string, amount: number, limit: number): Promise<RateDecision>;
  close(): Promise<void>;
}

function decision(count: number, limit: number, windowEndsAt: number, now: number): RateDecision {
  if (count <= limit) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEndsAt - now) / 1000)) };
}

/** Counters in this process's memory: right for one gateway, per replica for several. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, { window: number; count: number }>();

  /** @param windowMs length of a window, in milliseconds */
  constructor(private readonly windowMs: number) {}

  async consume(key: string, amount: number, limit: number): Promise<RateDecision> {
    const now = Date.now();
    const window = Math.floor(now / this.windowMs);
    if (this.counts.size > 100_000) this.sweep(window);
    const entry = this.counts.get(key);
    const count = (entry?.window === window ? entry.count : 0) + amount;
    this.counts.set(key, { window, count });
    return decision(count, limit, (window + 1) * this.windowMs, now);
  }

  /** Forgets the counters of past windows (bounds memory under a flood of distinct keys). */
  private sweep(window: number): void {
    for (const [key, entry] of this.counts) if (entry.window !== window) this.counts.delete(key);
  }

  async close(): Promise<void> {}
}

/** INCRBY the window's key, setting its expiry on first use; returns the new count. */
const CONSUME_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return count`;

/**
 * Counters in Redis, shared by every gateway replica. When Redis does not answer within 250 ms
 * (down, restarting, unreachable) the request is counted in this process's memory instead:
 * limiting degrades to per replica, it never blocks or fails a request. Only in the first second
 * after start does a request wait (at most that second) for the connection to open.
 */
/** ioredis statuses of a first connection still under way (not yet failed). */
const FIRST_CONNECTION = new Set(['wait', 'connecting', 'connect']);
/**
 * Longest Redis's first connection may take (ioredis's connectTimeout), and so the longest a request
 * waits for it. Generous: a gateway starting up blocks its event loop for a while (the query planner),
 * and a shorter timeout there drops a healthy connection and counts the first requests in memory.
 */
const FIRST_CONNECTION_WAIT_MS = 5000;

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly fallback: MemoryRateLimiter;
  private lastWarning = 0;
  /** Resolves when Redis first answers; until then (or its first failure), requests wait for it rather than count in memory. */
  private readonly firstReady: Promise<void>;
  private everReady = false;

  /**
   * @param url Redis URL
   * @param windowMs length of a window, in milliseconds
   * @param keyPrefix prefix of every counter key (one window = one key, expiring with the window)
   */
  constructor(
    url: string,
    private readonly windowMs: number,
    private readonly keyPrefix: string,
    private readonly logger: Logger,
  ) {
    this.fallback = new MemoryRateLimiter(windowMs);
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 250,
      connectTimeout: FIRST_CONNECTION_WAIT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.redis.on('error', (error) => this.warn(error));
    this.firstReady = new Promise((resolve) =>
      this.redis.once('ready', () => {
        this.everReady = true;
        resolve();
      }),
    );
  }

  async consume(key: string, amount: number, limit: number): Promise<RateDecision> {
    // While the first connection is still being made (not failed), wait for it rather than count in
    // memory: a busy process can take longer than a fixed grace period to see Redis ready.
    if (FIRST_CONNECTION.has(this.redis.status) && !this.everReady) {
      await Promise.race([this.firstReady, new Promise((resolve) => setTimeout(resolve, FIRST_CONNECTION_WAIT_MS).unref())]);
    }
    const now = Date.now();
    const window = Math.floor(now / this.windowMs);
    try {
      const count = Number(await this.redis.eval(CONSUME_SCRIPT, 1, `${this.keyPrefix}:${key}:${window}`, amount, this.windowMs + 1000));
      return decision(count, limit, (window + 1) * this.windowMs, now);
    } catch (error) {
      this.warn(error);
      return this.fallback.consume(key, amount, limit);
    }
  }

  /** At most one warning every 10 s, so an outage does not flood the log. */
  private warn(error: unknown): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn({ err: error }, 'rate limiter: Redis unavailable, counting in memory');
  }

  async close(): Promise<void> {
    this.redis.disconnect();
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

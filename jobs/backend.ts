import { Queue, Worker, createPostgresBackend, type Processor, type QueueOptions, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';

/** Where BullMQ keeps the queues. */
export type QueueBackendKind = 'redis' | 'postgres';

/**
 * How a process reaches the queues. `producer` connections fail fast when the datastore is
 * away (a GraphQL request must never hang on the queue); `worker` connections wait and retry
 * forever, as BullMQ requires of its blocking connection (`maxRetriesPerRequest: null`).
 */
export type QueueRole = 'producer' | 'worker';

export interface QueueBackendOptions {
  /** `redis://…`: Redis through ioredis. Unset: BullMQ's Postgres backend on `databaseUrl`. */
  redisUrl?: string;
  /** Levain's own database, for the Postgres backend. */
  databaseUrl?: string;
  /** Redis key prefix, or the Postgres schema the backend creates and migrates. */
  prefix: string;
  role: QueueRole;
  /** Postgres backend: pool size of each queue or worker (default 4). */
  poolMax?: number;
}

/** Builds queues and workers on one datastore, so callers never see which one it is. */
export interface QueueBackend {
  readonly kind: QueueBackendKind;
  /** Where the queues live, without credentials (for the start-up line and /health). */
  readonly description: string;
  createQueue<Data, Result>(name: string, options?: Omit<QueueOptions, 'connection' | 'prefix'>): Queue<Data, Result>;
  createWorker<Data, Result>(
    name: string,
    processor: Processor<Data, Result>,
    options?: Omit<WorkerOptions, 'connection' | 'prefix'>,
  ): Worker<Data, Result>;
  /** Closes the connections this backend opened (close queues and workers first). */
  close(): Promise<void>;
}

/** No queue datastore could be chosen: neither REDIS_URL nor a database. */
export class NoQueueBackendError extends Error {
  constructor() {
    super('No queue backend: set REDIS_URL, or give the Postgres backend a database (DATABASE_URL or a running `npm start`).');
    this.name = 'NoQueueBackendError';
  }
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

/**
 * Redis when `redisUrl` is set, else BullMQ's PostgreSQL backend in schema `prefix` of
 * `databaseUrl` (migrated on first use, under BullMQ's own advisory lock).
 */
export function createQueueBackend(options: QueueBackendOptions): QueueBackend {
  if (options.redisUrl) return redisBackend(options.redisUrl, options);
  if (options.databaseUrl) return postgresBackend(options.databaseUrl, options);
  throw new NoQueueBackendError();
}

function redisBackend(url: string, options: QueueBackendOptions): QueueBackend {
  const client = new Redis(
    url,
    options.role === 'worker'
      ? { maxRetriesPerRequest: null }
      : // A producer answers "queue unavailable" at once instead of queueing commands offline.
        { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 10_000 },
  );
  // ioredis reports every failed reconnection; BullMQ forwards them as the queue's own 'error'
  // events, which the owners log. This listener only keeps ioredis from printing them again.
  client.on('error', () => {});
  return {
    kind: 'redis',
    description: `Redis ${withoutCredentials(url)} (prefix ${options.prefix})`,
    createQueue: (name, queueOptions) => new Queue(name, { ...queueOptions, connection: client, prefix: options.prefix }),
    createWorker: (name, processor, workerOptions) =>
      new Worker(name, processor, { ...workerOptions, connection: client, prefix: options.prefix }),
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

function postgresBackend(url: string, options: QueueBackendOptions): QueueBackend {
  const connection = { connectionString: url, schema: options.prefix, migrate: true, max: options.poolMax ?? 4, application_name: 'levain-queue' };
  // The queue classes are typed for Redis connection options by default; the factory argument
  // switches them to Postgres at run time, which the casts below tell TypeScript.
  const factory = createPostgresBackend as never;
  return {
    kind: 'postgres',
    description: `PostgreSQL ${withoutCredentials(url)} (schema ${options.prefix})`,
    createQueue: <Data, Result>(name: string, queueOptions?: Omit<QueueOptions, 'connection' | 'prefix'>) =>
      new Queue(name, { ...queueOptions, connection } as never, factory) as unknown as Queue<Data, Result>,
    createWorker: <Data, Result>(
      name: string,
      processor: Processor<Data, Result>,
      workerOptions?: Omit<WorkerOptions, 'connection' | 'prefix'>,
    ) => new Worker(name, processor as never, { ...workerOptions, connection } as never, factory) as unknown as Worker<Data, Result>,
    // Each queue and worker owns its Postgres pool and closes it itself.
    async close() {},
  };
}

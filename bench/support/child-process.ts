import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

/** A benchmark process (a subgraph, a gateway, the load generator) started with tsx and IPC. */
export interface BenchProcess {
  name: string;
  pid: number;
  /** What the process announced when ready (its URL, for a server). */
  ready: ReadyMessage;
  /**
   * The process the figures below are of: the one that serves (`servedPid` it announced, when it
   * only launches a native server, as for Grafbase), else this one.
   */
  measuredPid: number;
  /** Resident set size now, in bytes (Linux /proc; 0 once the process is gone). */
  rssBytes(): number;
  /** Peak resident set size since start (VmHWM), in bytes. */
  peakRssBytes(): number;
  /** Resident memory now by kind, in bytes: anonymous (heaps, stacks, buffers) and file-backed (the binary's code, libraries). */
  rssKinds(): { anonBytes: number; fileBytes: number };
  /** CPU time (user + system) used so far, in seconds (Linux /proc; NaN once the process is gone). */
  cpuSeconds(): number;
  /** Sends a request and waits for the reply with the same `id`. */
  ask<T>(message: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ReadyMessage {
  type: 'ready';
  url?: string;
  /** The pid of a child that serves `url` in this process's stead (a native gateway it launched). */
  servedPid?: number;
  [key: string]: unknown;
}

function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM' | 'RssAnon' | 'RssFile'): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process from /proc/<pid>/stat, in seconds. */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

let nextMessageId = 1;

/** How a benchmark process runs TypeScript by default: tsx's loader (as `npm start` and the Dockerfile do). */
export const TSX_EXEC_ARGV = ['--import', 'tsx'];

/**
 * Forks `script` (a .ts file run through tsx, or with `execArgv` instead) with `env` added to this process's environment and
 * resolves once it sends `{ type: 'ready' }`. Its stderr is passed through; stdout is dropped
 * unless `inheritStdout`. Rejects if it exits or stays silent for `readyTimeoutMs` (default 180 s:
 * on a loaded 2-core machine, tsx compiling a process's imports alone can take a minute).
 */
export async function startBenchProcess(
  name: string,
  script: string | URL,
  options: { args?: string[]; env?: Record<string, string>; execArgv?: string[]; readyTimeoutMs?: number; inheritStdout?: boolean } = {},
): Promise<BenchProcess> {
  const path = script instanceof URL ? script.pathname : script;
  const child: ChildProcess = fork(path, options.args ?? [], {
    execArgv: options.execArgv ?? TSX_EXEC_ARGV,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.inheritStdout ? 'inherit' : 'ignore', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  child.on('message', (message: any) => {
    if (message && typeof message.id === 'number' && pending.has(message.id)) {
      const waiter = pending.get(message.id)!;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${name}: ${message.error}`));
      else waiter.resolve(message);
    }
  });
  child.once('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited (code ${code}) before replying`));
    pending.clear();
  });
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within ${options.readyTimeoutMs ?? 180_000} ms`)), options.readyTimeoutMs ?? 180_000);
    child.on('message', (message: any) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready`));
    });
  });
  const pid = child.pid!;
  const measuredPid = ready.servedPid ?? pid;
  return {
    name,
    pid,
    ready,
    measuredPid,
    rssBytes: () => procStatusBytes(measuredPid, 'VmRSS'),
    peakRssBytes: () => procStatusBytes(measuredPid, 'VmHWM'),
    rssKinds: () => ({ anonBytes: procStatusBytes(measuredPid, 'RssAnon'), fileBytes: procStatusBytes(measuredPid, 'RssFile') }),
    cpuSeconds: () => processCpuSeconds(measuredPid),
    ask<T>(message: Record<string, unknown>, timeoutMs = 600_000) {
      const id = nextMessageId++;
      return new Promise<T>((resolve, reject) => {
        if (exited) return reject(new Error(`${name} has exited`));
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name} did not answer ${JSON.stringify(message.type)} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => (clearTimeout(timer), resolve(value)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        child.send({ ...message, id });
      });
    },
    async stop(graceMs = 5000) {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** In a child: announces readiness to the parent. */
export function announceReady(message: Omit<ReadyMessage, 'type'> = {}): void {
  process.send?.({ type: 'ready', ...message });
}

/**
 * In a child: answers the parent's requests. `handler` gets each message and returns the reply
 * fields; a thrown error is sent back as `{ error }`.
 */
export function answerParent(handler: (message: { type: string; [key: string]: unknown }) => Promise<Record<string, unknown>>): void {
  process.on('message', (message: any) => {
    if (!message || typeof message.id !== 'number') return;
    handler(message).then(
      (reply) => process.send?.({ ...reply, id: message.id }),
      (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/**
 * In a child: runs `stop` once on SIGTERM/SIGINT or when the parent goes away, then exits. With
 * BENCH_CPU_PROFILE_DIR set, the child's CPU is profiled from here until it is asked to stop, and
 * the profile written there as `<first argument>-<pid>.cpuprofile` (for Chrome DevTools or speedscope).
 */
export function stopWith(stop: () => Promise<void>): void {
  let stopping = false;
  const profiling = process.env.BENCH_CPU_PROFILE_DIR ? startCpuProfile(process.env.BENCH_CPU_PROFILE_DIR) : undefined;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    Promise.resolve(profiling?.())
      .then(stop)
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('disconnect', shutdown);
}

/** Starts profiling this process; the returned function writes `<dir>/<pid>.cpuprofile`. */
function startCpuProfile(dir: string): () => Promise<void> {
  const session = new Session();
  session.connect();
  const started = session.post('Profiler.enable').then(() => session.post('Profiler.start'));
  return async () => {
    await started;
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path.join(dir, `${process.argv[2] ?? 'child'}-${process.pid}.cpuprofile`), JSON.stringify(profile));
  };
}

import type { Logger } from './logger.ts';

/**
 * On SIGINT or SIGTERM, runs `stops` in order (each awaited, failures logged) and exits.
 * A second signal exits at once.
 */
export function stopOnSignals(logger: Logger, stops: (() => Promise<void>)[]): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    for (const stop of stops) {
      await stop().catch((error) => logger.error({ err: error }, 'error while shutting down'));
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

import type { Logger } from './logger.ts';

/** Signals closer together than this are one press of Ctrl-C delivered twice (see below). */
const SAME_PRESS_MS = 1_000;

/**
 * On SIGINT or SIGTERM, runs `stops` in order (each awaited, failures logged) and exits.
 * A second signal exits at once.
 *
 * Ctrl-C in a terminal signals every process of the group, and `tsx` (what the npm scripts run)
 * also relays it to its child: one press reaches the service twice, milliseconds apart. So a
 * repeat within a second is the same press and is ignored, and the listeners stay registered
 * (`on`, not `once`): with none left, tsx's own handler would exit the process mid-shutdown.
 */
export function stopOnSignals(logger: Logger, stops: (() => Promise<void>)[]): void {
  let stoppingSince: number | null = null;
  const shutdown = async (signal: string) => {
    if (stoppingSince !== null) {
      if (Date.now() - stoppingSince < SAME_PRESS_MS) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down');
    for (const stop of stops) {
      await stop().catch((error) => logger.error({ err: error }, 'error while shutting down'));
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

import { pino, type Logger } from 'pino';

export type { Logger };

/** The process logger: JSON lines on stdout, one child per service (`service` field). */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({ level, base: { service } });
}

import { pino, type DestinationStream, type Logger } from 'pino';
import { currentScope } from './request-scope.ts';

export type { Logger };

/**
 * A service's logger: JSON lines on stdout (or `destination`), each with one `service` field.
 * Every line written while a request or an orchestration run is in progress carries its
 * `requestId` / `runId` (from platform/request-scope.ts), unless the line names its own.
 *
 * A process running several services (`npm start`) makes one logger per service over one shared
 * `destination`, not `child({ service })` of another: pino writes a child's bindings after the
 * parent's, so a child would carry a second `"service"` key in every JSON line.
 */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      mixin(fields, _level, logger) {
        const scope = currentScope();
        if (!scope) return {};
        const bound = logger.bindings();
        const ids: Record<string, string> = {};
        if (scope.requestId && !('requestId' in fields) && !('requestId' in bound)) ids.requestId = scope.requestId;
        if (scope.runId && !('runId' in fields) && !('runId' in bound)) ids.runId = scope.runId;
        return ids;
      },
    },
    destination,
  );
}

/**
 * Where a process's logs go: in development one human line per entry (`14:02:11 INFO gateway:
 * gateway ready url=…`, pino-pretty, a dev dependency, loaded only then); otherwise — production,
 * tests, or pino-pretty not installed — JSON lines on stdout (undefined: pino's own).
 */
export async function logDestination(nodeEnv: string): Promise<DestinationStream | undefined> {
  if (nodeEnv !== 'development') return undefined;
  try {
    const { default: pretty } = await import('pino-pretty');
    // sync: a line is written before the process may exit (shutdown ends in process.exit).
    return pretty({ sync: true, singleLine: true, colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', messageFormat: '{service}: {msg}' });
  } catch {
    return undefined;
  }
}

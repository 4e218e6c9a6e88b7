import { pino, type DestinationStream, type Logger } from 'pino';
import { currentScope } from './request-scope.ts';

export type { Logger };

/**
 * The process logger: JSON lines on stdout (or `destination`), one child per service (`service`
 * field). Every line written while a request or an orchestration run is in progress carries its
 * `requestId` / `runId` (from platform/request-scope.ts), unless the line names its own.
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

import { loadConfig, subgraphUrls } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { stopOnSignals } from '../platform/shutdown.ts';
import { startTracing } from '../platform/tracing.ts';
import { startGateway } from './server.ts';

const config = loadConfig();
const logger = createLogger('gateway', config.LOG_LEVEL);
const tracing = startTracing(config.OTEL_EXPORTER_OTLP_ENDPOINT, 'levain-gateway');
const gateway = await startGateway({ config, subgraphUrls: subgraphUrls(config), logger }, config.PORT, config.HOST);
logger.info({ url: gateway.url }, 'gateway ready');
stopOnSignals(logger, [() => gateway.stop(), async () => tracing?.shutdown()]);

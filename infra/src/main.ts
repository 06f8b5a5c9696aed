import { SERVICES } from '@ftgo/schema';
import { startOpsServer } from './metrics/http-server.js';
import { Platform } from './platform.js';

/**
 * `npm start` until the gateway exists: the platform in embedded mode (embedded Postgres unless
 * DATABASE_URL is set, local messaging unless NATS_URL is set), every service schema migrated,
 * one relay per service outbox, and /metrics + /healthz.
 */
const platform = await Platform.start();
for (const service of SERVICES) platform.startRelay(service);
const ops = await startOpsServer({ port: platform.config.port, registry: platform.metrics.registry });
platform.logger.info(
  {
    database: platform.config.databaseUrl ? 'DATABASE_URL' : 'embedded',
    messaging: platform.bus.kind,
    schemas: SERVICES.map((s) => platform.schema(s)),
    relays: SERVICES.length,
    metrics: `http://localhost:${ops.port}/metrics`,
  },
  'FTGO platform started',
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    platform.logger.info({ signal }, 'stopping');
    await ops.close();
    await platform.close();
    process.exit(0);
  });
}

import { Platform, startOpsServer } from '@ftgo/infra';
import { startSystem } from './system.js';

/**
 * `npm start`: the whole system in one process. Embedded Postgres unless DATABASE_URL is set, local
 * messaging unless NATS_URL is set; every service migrated, its relay and handlers running.
 */
const platform = await Platform.start();
const system = await startSystem(platform);
const ops = await startOpsServer({ port: platform.config.port, registry: platform.metrics.registry });
platform.logger.info(
  {
    database: platform.config.databaseUrl ? 'DATABASE_URL' : 'embedded',
    messaging: platform.bus.kind,
    services: platform.services,
    metrics: `http://localhost:${ops.port}/metrics`,
    health: `http://localhost:${ops.port}/healthz`,
  },
  'FTGO started',
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    platform.logger.info({ signal }, 'stopping');
    await ops.close();
    await system.stop();
    await platform.close();
    process.exit(0);
  });
}

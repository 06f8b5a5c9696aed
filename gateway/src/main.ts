// type-graphql's decorators in the subgraph schemas need the metadata polyfill loaded first.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Platform } from '@ftgo/infra';
import { startGateway } from './server/gateway-server.js';
import { SUBGRAPHS } from './subgraphs.js';
import { startSystem } from './system.js';

/**
 * `npm start` (embedded mode): the whole system in one process. Embedded Postgres unless
 * DATABASE_URL is set, local messaging unless NATS_URL is set; every service migrated, its relay
 * and handlers running; the gateway on PORT (default 4000) executing each subgraph in-process over
 * the checked-in supergraph (SUPERGRAPH_PATH overrides it).
 */
// dist/src/main.js → schema/supergraph.graphql
const supergraphPath = process.env.SUPERGRAPH_PATH ?? fileURLToPath(new URL('../../../schema/supergraph.graphql', import.meta.url));
if (!existsSync(supergraphPath)) {
  process.stderr.write(`no supergraph at ${supergraphPath}: run \`npm run schema\` to compose it\n`);
  process.exit(1);
}

const platform = await Platform.start();
const system = await startSystem(platform);
let gateway: Awaited<ReturnType<typeof startGateway>>;
try {
  const subgraphs = await Promise.all(SUBGRAPHS.map(async (definition) => ({ name: definition.name, schema: await definition.schema(system) })));
  gateway = await startGateway({
    port: platform.config.port,
    supergraphPath,
    localSubgraphs: subgraphs,
    localOnly: true,
    registry: platform.metrics.registry,
    logger: platform.logger,
    readinessChecks: { postgres: () => platform.db.query('SELECT 1') },
  });
} catch (error) {
  platform.logger.fatal({ err: error, supergraph: supergraphPath }, 'the gateway failed to start');
  await system.stop();
  await platform.close();
  process.exit(1);
}
platform.logger.info(
  {
    database: platform.config.databaseUrl ? 'DATABASE_URL' : 'embedded',
    messaging: platform.bus.kind,
    services: platform.services,
    graphql: `http://localhost:${gateway.port}/graphql`,
    metrics: `http://localhost:${gateway.port}/metrics`,
    health: `http://localhost:${gateway.port}/healthz`,
    readiness: `http://localhost:${gateway.port}/readyz`,
  },
  'FTGO started',
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    platform.logger.info({ signal }, 'stopping');
    await gateway.close();
    await system.stop();
    await platform.close();
    process.exit(0);
  });
}

// type-graphql's decorators in the subgraph schemas need the metadata polyfill loaded first.
import 'reflect-metadata';
import { createLogger } from '@ftgo/infra';
import { SERVICES } from '@ftgo/schema';
import { DistributedEnvError } from './env.js';
import { type RunningServiceProcess, type ServiceProcessConfig, serviceProcessConfig, startServiceProcess } from './service-process.js';

const USAGE = `Usage: node gateway/dist/src/distributed/service-main.js <service>

Runs one FTGO service as its own process (distributed mode): its schema migrated, its relay and
message handlers, its subgraph at http://<host>:<port>/graphql with /metrics and /healthz.
<service> is one of: ${SERVICES.join(', ')}.

Environment:
  DATABASE_URL     Postgres shared by every process (required; no embedded Postgres here)
  NATS_URL         NATS JetStream server (required); MESSAGING, if set, must be nats
  PORT             default: the service's port in the supergraph (consumer 4001, restaurant 4002,
                   order 4003, kitchen 4004, accounting 4005, delivery 4006, order-history 4007)
  HOST             default 0.0.0.0
  FTGO_NAMESPACE   prefix of schemas, streams, durables and subjects (default empty)
  LOG_LEVEL        pino level (default info)

Replicas: run the same command again (another PORT on the same host). The relay of the second
process stands by until the first one's dies; the partitioned event consumers are shared, each
partition handled by one replica at a time.
`;

const name = process.argv[2];
if (name === '-h' || name === '--help') {
  process.stdout.write(USAGE);
  process.exit(0);
}
let options: ServiceProcessConfig;
try {
  options = serviceProcessConfig(name, process.env);
} catch (error) {
  if (!(error instanceof DistributedEnvError)) throw error;
  process.stderr.write(`service-main: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}

const logger = createLogger(options.config.logLevel, options.service.name);
const STOP_TIMEOUT_MS = 15_000;
let running: RunningServiceProcess | undefined;
let stopping = false;
const stop = async (why: Record<string, unknown>) => {
  if (stopping) return;
  stopping = true;
  logger.info(why, 'stopping');
  // Still starting: nothing to hand over; the database and NATS drop what this process held.
  if (!running) process.exit(0);
  setTimeout(() => {
    logger.error({ timeoutMs: STOP_TIMEOUT_MS }, 'did not stop in time; exiting');
    process.exit(1);
  }, STOP_TIMEOUT_MS).unref();
  try {
    await running.stop();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'failed to stop cleanly');
    process.exit(1);
  }
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop({ signal }));
// Started by the supervisor (with an IPC channel): stop when it is gone, even if it was killed.
if (process.send) process.on('disconnect', () => void stop({ reason: 'supervisor gone' }));

try {
  running = await startServiceProcess({ ...options, logger });
} catch (error) {
  logger.fatal({ err: error }, `${options.service.name} failed to start`);
  process.exit(1);
}
const base = `http://localhost:${running.port}`;
logger.info(
  {
    service: options.service.name,
    ...(running.graphql ? { graphql: `${base}/graphql` } : {}),
    metrics: `${base}/metrics`,
    health: `${base}/healthz`,
    messaging: running.platform.bus.kind,
    namespace: options.config.namespace || undefined,
  },
  `${options.service.name} started`,
);

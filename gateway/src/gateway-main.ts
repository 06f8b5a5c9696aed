#!/usr/bin/env node
/**
 * `ftgo-gateway`: the standalone federation gateway (distributed mode). Runs any Federation 2
 * supergraph in front of its subgraphs over HTTP; needs no database or broker. See gateway/README.md.
 */
import { createLogger } from '@ftgo/infra';
import { startStandaloneGateway } from './server/standalone.js';
import { type StandaloneConfig, standaloneConfig, USAGE, UsageError } from './server/standalone-config.js';

let config: StandaloneConfig | 'help';
try {
  config = standaloneConfig(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`ftgo-gateway: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (config === 'help') {
  process.stdout.write(USAGE);
  process.exit(0);
}

const logger = createLogger(config.logLevel, 'ftgo-gateway');
let gateway: Awaited<ReturnType<typeof startStandaloneGateway>>;
try {
  gateway = await startStandaloneGateway(config, logger);
} catch (error) {
  logger.fatal({ err: error, supergraph: config.supergraphPath }, 'gateway failed to start');
  process.exit(1);
}
logger.info(
  {
    port: gateway.port,
    supergraph: config.supergraphPath,
    subgraphs: Object.fromEntries(gateway.subgraphs.map((s) => [s.name, s.url])),
    production: config.production,
  },
  'gateway started',
);

let stopping = false;
const stop = async (reason: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'stopping');
  await gateway.close();
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));
// Started by the supervisor (an IPC channel): leave nothing behind when it goes away, however it died.
if (process.send) process.on('disconnect', () => stop('supervisor gone'));

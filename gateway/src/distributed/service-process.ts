// type-graphql's decorators in the subgraph schemas need the metadata polyfill loaded first.
import 'reflect-metadata';
import { type Config, createLogger, type Logger, loadConfig, Platform, type RunningService, startOpsServer } from '@ftgo/infra';
import { serveSubgraph } from '@ftgo/infra/graphql';
import { SERVICES } from '@ftgo/schema';
import { checkDistributedEnv, DistributedEnvError, parsePort } from './env.js';
import { type DistributedService, distributedService, serviceSchema } from './services.js';

/** What one service process runs with, read from its argument and environment. */
export interface ServiceProcessConfig {
  service: DistributedService;
  /** PORT, else the service's own port (4001–4007). */
  port: number;
  /** HOST, default 0.0.0.0. */
  host: string;
  config: Config;
}

/** Checks the service name and the environment; throws DistributedEnvError saying what is wrong. */
export function serviceProcessConfig(name: string | undefined, env: NodeJS.ProcessEnv): ServiceProcessConfig {
  const service = name ? distributedService(name) : undefined;
  if (!service) throw new DistributedEnvError(`${name ? `unknown service "${name}"` : 'no service named'}: one of ${SERVICES.join(', ')}`);
  checkDistributedEnv(env);
  const port = env.PORT ? parsePort(env.PORT, 'PORT') : service.port;
  return { service, port, host: env.HOST || '0.0.0.0', config: loadConfig({ ...env, MESSAGING: 'nats' }) };
}

export interface RunningServiceProcess {
  readonly port: number;
  /** False while the gateway's registry has no subgraph for the service: then only /metrics and /healthz. */
  readonly graphql: boolean;
  readonly platform: Platform;
  stop(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 1_000;

/**
 * One service as its own process (distributed mode): a platform that migrates only this service's
 * schema and talks NATS, the service module started (its relay and handlers), and its subgraph
 * served over HTTP with `/metrics` and `/healthz`. Started twice (on two ports or two hosts) it is
 * two replicas: the second relay stands by behind the first's advisory lock, and the two share the
 * partitioned event consumers, each partition held by one of them at a time.
 */
export async function startServiceProcess(options: ServiceProcessConfig & { logger?: Logger }): Promise<RunningServiceProcess> {
  const { service, config } = options;
  const logger = options.logger ?? createLogger(config.logLevel, service.name);
  const platform = await Platform.start({ config, logger, services: [service.name] });
  let running: RunningService | undefined;
  let stopping = false;
  try {
    running = await service.module.start(platform);
    const schema = await serviceSchema(service, running.app);
    const healthy = async () => {
      if (stopping) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS);
      });
      const ping = platform.db.query('SELECT 1').then(
        () => true,
        () => false,
      );
      return Promise.race([ping, timeout]).finally(() => clearTimeout(timer));
    };
    if (!schema) logger.warn({ service: service.name }, 'no subgraph for this service in gateway/src/subgraphs.ts: serving /metrics and /healthz only');
    const server = schema
      ? await serveSubgraph({ name: service.name, schema, port: options.port, host: options.host, registry: platform.metrics.registry, healthy })
      : await startOpsServer({ port: options.port, host: options.host, registry: platform.metrics.registry, healthy });
    const started = running;
    let stopped: Promise<void> | undefined;
    return {
      port: server.port,
      graphql: schema !== undefined,
      platform,
      stop: () => {
        stopping = true;
        stopped ??= (async () => {
          await server.close();
          await started.stop();
          await platform.close();
        })();
        return stopped;
      },
    };
  } catch (error) {
    await running?.stop().catch(() => {});
    await platform.close().catch(() => {});
    throw error;
  }
}

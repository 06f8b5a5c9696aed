import { SERVICES, type ServiceName } from '@ftgo/schema';
import { type Config, loadConfig } from './config.js';
import { createLogger, type Logger } from './logging.js';
import { Leases } from './messaging/leases.js';
import { LocalBus } from './messaging/local/local-bus.js';
import { MessageFactory } from './messaging/message-factory.js';
import { NatsBus } from './messaging/nats/nats-bus.js';
import type { MessageBus } from './messaging/port.js';
import { Relay } from './messaging/relay.js';
import type { RetryPolicy } from './messaging/retry-policy.js';
import { PlatformMetrics } from './metrics/platform-metrics.js';
import { Database } from './postgres/database.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './postgres/embedded.js';
import { type MigrationSet, migrate } from './postgres/migrate.js';

export interface PlatformOptions {
  config?: Config;
  logger?: Logger;
  retry?: RetryPolicy;
  /** Services whose schemas this process migrates and whose outboxes local subscriptions read. */
  services?: readonly ServiceName[];
  /** Only for the local adapter: how often readers poll when no NOTIFY wakes them. */
  pollMs?: number;
}

/**
 * Everything a service stands on, built once per process: database, messaging (NATS or local),
 * leases, metrics, logging. Services take what they need from it in their `service.ts`.
 */
export class Platform {
  private readonly relays: Relay[] = [];

  private constructor(
    readonly config: Config,
    readonly logger: Logger,
    readonly db: Database,
    readonly bus: MessageBus,
    readonly leases: Leases,
    readonly metrics: PlatformMetrics,
    readonly services: readonly ServiceName[],
    private readonly embedded: EmbeddedDatabase | undefined,
  ) {}

  static async start(options: PlatformOptions = {}): Promise<Platform> {
    const config = options.config ?? loadConfig();
    const logger = options.logger ?? createLogger(config.logLevel);
    const services = options.services ?? SERVICES;
    const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, logger);
    const db = new Database(config.databaseUrl ?? embedded!.url, { max: config.poolSize });
    const leases = new Leases(db, logger);
    const metrics = new PlatformMetrics();
    const schemaOf = (service: ServiceName) => config.naming.serviceSchema(service);
    for (const service of services) await migrate(db, schemaOf(service), []);
    const bus: MessageBus =
      config.messaging === 'nats'
        ? await NatsBus.connect({ url: config.natsUrl!, naming: config.naming, db, schemaOf, leases, logger, metrics, retry: options.retry })
        : await LocalBus.start({
            db,
            sources: services.map(schemaOf),
            schemaOf,
            leases,
            logger,
            metrics,
            retry: options.retry,
            channel: `ftgo_local:${config.namespace}`,
            pollMs: options.pollMs,
          });
    return new Platform(config, logger, db, bus, leases, metrics, services, embedded);
  }

  schema(service: ServiceName): string {
    return this.config.naming.serviceSchema(service);
  }

  messages(service: ServiceName): MessageFactory {
    return new MessageFactory(this.config.naming, service);
  }

  /** Infra's tables first, then the service's own migrations, in its schema. */
  migrate(service: ServiceName, ...sets: MigrationSet[]): Promise<string[]> {
    return migrate(this.db, this.schema(service), sets);
  }

  /** The relay of `service`'s outbox; with several processes, one leads and the rest stand by. */
  startRelay(service: ServiceName): Relay {
    const schema = this.schema(service);
    this.metrics.watchOutbox(this.db, schema);
    const relay = new Relay(this.db, schema, this.bus.sink, {
      logger: this.logger,
      metrics: this.metrics,
      retentionMs: this.config.outboxRetentionMs,
    }).start();
    this.relays.push(relay);
    return relay;
  }

  async close(): Promise<void> {
    await Promise.all(this.relays.map((r) => r.stop()));
    await this.bus.close();
    await this.leases.close();
    await this.db.close();
    await this.embedded?.stop();
  }
}

import { Naming } from '@ftgo/schema';

export type MessagingKind = 'nats' | 'local';

/** Everything the platform reads from the environment, typed, with the embedded mode's defaults. */
export interface Config {
  /** Unset: `npm start` runs embedded Postgres under `dataDir`. */
  databaseUrl: string | undefined;
  natsUrl: string | undefined;
  /** `MESSAGING`; default nats when `NATS_URL` is set, else local. */
  messaging: MessagingKind;
  namespace: string;
  naming: Naming;
  logLevel: string;
  dataDir: string;
  port: number;
  /** Retention of published outbox rows (DESIGN: 1 hour). */
  outboxRetentionMs: number;
  /** Connections in the process's pool (`PG_POOL_MAX`); relays, leases and listeners hold a few more. */
  poolSize: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const natsUrl = env.NATS_URL || undefined;
  const messaging = (env.MESSAGING || (natsUrl ? 'nats' : 'local')) as MessagingKind;
  if (messaging !== 'nats' && messaging !== 'local') throw new Error(`MESSAGING must be nats or local, got "${messaging}"`);
  if (messaging === 'nats' && !natsUrl) throw new Error('MESSAGING=nats needs NATS_URL');
  const namespace = env.FTGO_NAMESPACE ?? '';
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    natsUrl,
    messaging,
    namespace,
    naming: new Naming(namespace),
    logLevel: env.LOG_LEVEL ?? 'info',
    dataDir: env.FTGO_DATA_DIR ?? '.data',
    port: Number(env.PORT ?? 4000),
    outboxRetentionMs: Number(env.OUTBOX_RETENTION_MS ?? 60 * 60 * 1000),
    poolSize: Number(env.PG_POOL_MAX ?? 10),
  };
}

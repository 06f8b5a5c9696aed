import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { type Config, loadConfig, type MessagingKind } from '../config.js';
import { createLogger } from '../logging.js';
import { Platform, type PlatformOptions } from '../platform.js';

/**
 * Test environments. `scripts/test.mjs` provides DATABASE_URL (embedded Postgres when none is
 * given) and NATS_URL when a server answers; each test takes a fresh FTGO_NAMESPACE so suites
 * share one Postgres and one NATS without colliding.
 */
export const freshNamespace = (prefix = 't'): string => `${prefix}${randomBytes(5).toString('hex')}`;

export function testConfig(messaging: MessagingKind, namespace = freshNamespace()): Config {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: run tests through `npm test` (it starts embedded Postgres)');
  return loadConfig({
    DATABASE_URL: databaseUrl,
    NATS_URL: messaging === 'nats' ? process.env.NATS_URL : undefined,
    MESSAGING: messaging,
    FTGO_NAMESPACE: namespace,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Test files run two at a time, some with several platforms: stay well inside max_connections.
    PG_POOL_MAX: process.env.PG_POOL_MAX ?? '8',
  });
}

/** The adapters this machine can run. Under CI=true a missing NATS server is a failure, never a skip. */
export function messagingKinds(): MessagingKind[] {
  if (process.env.NATS_URL) return ['local', 'nats'];
  if (process.env.CI === 'true') throw new Error('CI=true but NATS_URL is not set: the NATS suites cannot run');
  console.warn('\n*** NATS_URL is not set: NATS JetStream suites are SKIPPED (set NATS_URL to run them) ***\n');
  return ['local'];
}

/** A platform in a fresh namespace; when the test ends it is closed and its namespace dropped. */
export async function testPlatform(t: TestContext | undefined, messaging: MessagingKind, options: Omit<PlatformOptions, 'config'> = {}): Promise<Platform> {
  const config = testConfig(messaging);
  const platform = await Platform.start({ logger: createLogger(config.logLevel), pollMs: 100, ...options, config });
  t?.after(async () => {
    await platform.close();
    await dropNamespace(config);
  });
  return platform;
}

/** Removes a test namespace's schemas and streams, so repeated runs leave nothing behind. */
export async function dropNamespace(config: Config): Promise<void> {
  if (!config.namespace) throw new Error('refusing to drop the production namespace');
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`${config.namespace}\\_%`]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
  } finally {
    await client.end();
  }
  if (config.messaging === 'nats' && config.natsUrl) {
    const nc = await connect({ servers: config.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      for (const stream of ['FTGO_EVENTS', 'FTGO_COMMANDS', 'FTGO_SAGAS'] as const) await jsm.streams.delete(config.naming.stream(stream)).catch(() => {});
    } finally {
      await nc.close();
    }
  }
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

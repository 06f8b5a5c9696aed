import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
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
  });
}

/** The adapters this machine can run. Under CI=true a missing NATS server is a failure, never a skip. */
export function messagingKinds(): MessagingKind[] {
  if (process.env.NATS_URL) return ['local', 'nats'];
  if (process.env.CI === 'true') throw new Error('CI=true but NATS_URL is not set: the NATS suites cannot run');
  console.warn('\n*** NATS_URL is not set: NATS JetStream suites are SKIPPED (set NATS_URL to run them) ***\n');
  return ['local'];
}

/** A platform in a fresh namespace, closed when the test ends. */
export async function testPlatform(t: TestContext | undefined, messaging: MessagingKind, options: Omit<PlatformOptions, 'config'> = {}): Promise<Platform> {
  const config = testConfig(messaging);
  const platform = await Platform.start({ logger: createLogger(config.logLevel), pollMs: 100, ...options, config });
  t?.after(() => platform.close());
  return platform;
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

import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import { command, type Envelope, Naming, PARTITIONS, partitionOf, SERVICES, type ServiceName } from '@ftgo/schema';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import type { MessagingKind } from '../../src/config.js';
import { createLogger } from '../../src/logging.js';
import { Inbox } from '../../src/messaging/inbox.js';
import type { NatsBus } from '../../src/messaging/nats/nats-bus.js';
import { Outbox } from '../../src/messaging/outbox.js';
import { consumerName, type Delivery, type MessageHandler, type OutboxSink, type SubscriptionSpec } from '../../src/messaging/port.js';
import { Relay, type RelayOptions } from '../../src/messaging/relay.js';
import type { RetryPolicy } from '../../src/messaging/retry-policy.js';
import { subjectMatcher } from '../../src/messaging/subject-match.js';
import { Platform } from '../../src/platform.js';
import { ident } from '../../src/postgres/database.js';
import { testConfig, testPlatform } from '../../src/testing/index.js';

/** Publisher and subscriber of every messaging test: order publishes, kitchen (and order, for replies) subscribe. */
export const SERVICES_UNDER_TEST: ServiceName[] = ['order', 'kitchen'];

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `Platform.close` may be called by the test (a replica leaving) and again by the after hook. */
function closeOnce(platform: Platform): Platform {
  const close = platform.close.bind(platform);
  let closing: Promise<void> | undefined;
  platform.close = () => {
    closing ??= close();
    return closing;
  };
  return platform;
}

export interface ClusterOptions {
  services?: ServiceName[];
  retry?: RetryPolicy;
  /** Platforms in the same namespace: replicas of one deployment. */
  replicas?: number;
}

/**
 * `replicas` platforms sharing one fresh namespace (the first from `testPlatform`). When the test
 * ends every platform is closed and the namespace's schemas and streams are dropped.
 */
export async function cluster(t: TestContext, kind: MessagingKind, options: ClusterOptions = {}): Promise<Platform[]> {
  const services = options.services ?? SERVICES_UNDER_TEST;
  const first = closeOnce(await testPlatform(t, kind, { services, retry: options.retry }));
  const platforms = [first];
  t.after(async () => {
    for (const platform of platforms) for (const stop of (closers.get(platform) ?? []).reverse()) await stop();
    await Promise.all(platforms.map((p) => p.close()));
    await dropNamespace(kind, first.config.namespace);
  });
  for (let i = 1; i < (options.replicas ?? 1); i++) platforms.push(await replica(first, options.retry));
  return platforms;
}

const closers = new WeakMap<Platform, (() => Promise<void>)[]>();

/** Runs `stop` (a relay the test built, a subscription) before `cluster`'s hook closes `platform`. */
export function beforeClose(platform: Platform, stop: () => Promise<void>): void {
  closers.set(platform, [...(closers.get(platform) ?? []), stop]);
}

/** A relay of `service`'s outbox over `sink` (the platform's, or a test's wrapper of it), stopped before the platform closes. */
export function startRelay(platform: Platform, service: ServiceName, sink: OutboxSink = platform.bus.sink, options: Partial<RelayOptions> = {}): Relay {
  const relay = new Relay(platform.db, platform.schema(service), sink, { logger: platform.logger, pollMs: 100, standbyMs: 100, ...options }).start();
  beforeClose(platform, () => relay.stop());
  return relay;
}

/** Another process of the same deployment as `platform` (same namespace), closed by `cluster`'s hook when made there. */
export async function replica(platform: Platform, retry?: RetryPolicy): Promise<Platform> {
  const config = testConfig(platform.bus.kind, platform.config.namespace);
  return closeOnce(await Platform.start({ config, logger: createLogger(config.logLevel), pollMs: 100, services: platform.services, retry }));
}

/** Test hygiene: a namespace's schemas and JetStream streams do not outlive its test. */
export async function dropNamespace(kind: MessagingKind, namespace: string): Promise<void> {
  const naming = new Naming(namespace);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    for (const service of SERVICES) await client.query(`DROP SCHEMA IF EXISTS ${ident(naming.serviceSchema(service))} CASCADE`);
  } finally {
    await client.end();
  }
  if (kind !== 'nats') return;
  const nc = await connect({ servers: process.env.NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    for (const stream of ['FTGO_EVENTS', 'FTGO_COMMANDS', 'FTGO_SAGAS'] as const) await jsm.streams.delete(naming.stream(stream)).catch(() => {});
  } finally {
    await nc.close();
  }
}

/** Appends `envelopes` to `service`'s outbox in one transaction, as a command handler does. */
export async function publish(platform: Platform, service: ServiceName, envelopes: Envelope[]): Promise<void> {
  const outbox = new Outbox(platform.schema(service));
  await platform.db.transaction((tx) => outbox.append(tx, envelopes));
}

/** A fresh aggregate id whose messages travel on `partition`. */
export function aggregateIn(partition: number): string {
  for (;;) {
    const id = randomUUID();
    if (partitionOf(id) === partition) return id;
  }
}

/** `count` fresh aggregate ids, on different partitions as far as there are partitions. */
export function aggregates(count: number): string[] {
  return Array.from({ length: count }, (_, i) => aggregateIn(i % PARTITIONS));
}

export const TestCommand = command<{ n: number }>('kitchen', 'TestCommand');

/** An event of aggregate `Order` from the order service. */
export function orderEvent(platform: Platform, aggregateId: string, version: number, payload: unknown = { version }): Envelope {
  return platform.messages('order').eventNamed('Order', 'TestEvent', { id: aggregateId, version }, payload, { correlationId: `corr-${aggregateId}` });
}

/** A saga command from the order service to the kitchen service. */
export function kitchenCommand(platform: Platform, aggregateId: string, n: number): Envelope {
  return platform
    .messages('order')
    .command('kitchen', TestCommand, { type: 'Ticket', id: aggregateId }, { n }, { sagaId: randomUUID(), sagaType: 'TestSaga', sagaStep: `step-${n}` });
}

/** The subscriptions the suites use: order events (ordered) and kitchen commands (unordered), both kitchen's. */
export function orderEvents(platform: Platform, name = 'orders'): SubscriptionSpec {
  return { service: 'kitchen', name, subject: platform.config.naming.eventFilter('order', 'Order'), ordered: true };
}

export function kitchenCommands(platform: Platform, name = 'commands'): SubscriptionSpec {
  return { service: 'kitchen', name, subject: platform.config.naming.commands('kitchen'), ordered: false };
}

/** Deliveries as a handler saw them, in the order it saw them. */
export interface Seen {
  id: string;
  aggregateId: string;
  version: number | null;
  attempt: number;
  maxAttempts: number;
  replica: string;
  at: number;
}

export function seen(delivery: Delivery, replica: string): Seen {
  const { envelope, attempt, maxAttempts } = delivery;
  return { id: envelope.id, aggregateId: envelope.aggregateId, version: envelope.aggregateVersion, attempt, maxAttempts, replica, at: Date.now() };
}

export interface EffectRow {
  seq: number;
  messageId: string;
  aggregateId: string;
  version: number | null;
  replica: string;
  attempt: number;
}

/**
 * A handler's effects, in a table of the subscriber's schema. The handler claims the message in
 * the inbox and writes its effect in one transaction: exactly once in effect, however often delivered.
 */
export class Effects {
  readonly table: string;
  readonly inbox: Inbox;

  private constructor(
    readonly platform: Platform,
    readonly schema: string,
  ) {
    this.table = `${ident(schema)}.test_effects`;
    this.inbox = new Inbox(schema);
  }

  static async create(platform: Platform, service: ServiceName = 'kitchen'): Promise<Effects> {
    const effects = new Effects(platform, platform.schema(service));
    await platform.db.query(
      `CREATE TABLE IF NOT EXISTS ${effects.table} (
         seq bigserial PRIMARY KEY, consumer text NOT NULL, message_id uuid NOT NULL, aggregate_id text NOT NULL,
         version integer, replica text NOT NULL, attempt integer NOT NULL)`,
    );
    return effects;
  }

  /** The same table seen from another platform (another process's pool). */
  on(platform: Platform): Effects {
    return new Effects(platform, this.schema);
  }

  /**
   * Records every delivery in `log`, then claims and records the effect. `inTransaction` runs after
   * the effect is written and before commit (a crash there must leave no trace).
   */
  handler(spec: SubscriptionSpec, replica: string, log: Seen[] = [], inTransaction?: (delivery: Delivery) => Promise<void>): MessageHandler {
    const consumer = consumerName(spec);
    return async (delivery) => {
      log.push(seen(delivery, replica));
      const { envelope, attempt } = delivery;
      await this.platform.db.transaction(async (tx) => {
        if (!(await this.inbox.claim(tx, consumer, envelope.id))) return;
        await tx.query(`INSERT INTO ${this.table} (consumer, message_id, aggregate_id, version, replica, attempt) VALUES ($1, $2, $3, $4, $5, $6)`, [
          consumer,
          envelope.id,
          envelope.aggregateId,
          envelope.aggregateVersion,
          replica,
          attempt,
        ]);
        await inTransaction?.(delivery);
      });
    };
  }

  async rows(): Promise<EffectRow[]> {
    const { rows } = await this.platform.db.query(`SELECT seq, message_id, aggregate_id, version, replica, attempt FROM ${this.table} ORDER BY seq`);
    return rows.map((r) => ({
      seq: r.seq as number,
      messageId: r.message_id as string,
      aggregateId: r.aggregate_id as string,
      version: r.version as number | null,
      replica: r.replica as string,
      attempt: r.attempt as number,
    }));
  }

  async count(): Promise<number> {
    const { rows } = await this.platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.table}`);
    return rows[0].n;
  }

  /** Versions per aggregate in the order their effects were committed. */
  async versionsByAggregate(): Promise<Map<string, number[]>> {
    const byAggregate = new Map<string, number[]>();
    for (const row of await this.rows()) {
      const list = byAggregate.get(row.aggregateId) ?? [];
      list.push(row.version ?? -1);
      byAggregate.set(row.aggregateId, list);
    }
    return byAggregate;
  }
}

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Rows of `schema`'s outbox, and how many of them the relay has marked published. */
export async function outboxCounts(platform: Platform, service: ServiceName): Promise<{ rows: number; published: number }> {
  const { rows } = await platform.db.query<{ rows: number; published: number }>(
    `SELECT count(*)::int AS rows, count(published_at)::int AS published FROM ${ident(platform.schema(service))}.outbox`,
  );
  return rows[0];
}

export async function inboxCount(platform: Platform, service: ServiceName, consumer: string): Promise<number> {
  const { rows } = await platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(platform.schema(service))}.inbox WHERE consumer = $1`, [
    consumer,
  ]);
  return rows[0].n;
}

/** The JetStream durables behind a subscription (NATS adapter's naming). */
export function durablesOf(platform: Platform, spec: SubscriptionSpec): string[] {
  const base = `${spec.service}-${spec.name}`;
  const naming = platform.config.naming;
  return spec.ordered ? Array.from({ length: PARTITIONS }, (_, p) => naming.durable(`${base}-p${p}`)) : [naming.durable(base)];
}

/**
 * Messages of `spec` that the broker still considers unacknowledged or undelivered: on NATS the
 * durables' pending and ack-pending counts, locally the matching outbox rows beyond the stored cursor.
 */
export async function unacknowledged(platform: Platform, spec: SubscriptionSpec): Promise<number> {
  if (platform.bus.kind === 'nats') {
    const { jsm } = platform.bus as NatsBus;
    const naming = platform.config.naming;
    const stream = naming.stream(naming.streamOf(spec.subject));
    let open = 0;
    for (const durable of durablesOf(platform, spec)) {
      const info = await jsm.consumers.info(stream, durable);
      open += info.num_pending + info.num_ack_pending;
    }
    return open;
  }
  const matches = subjectMatcher(spec.subject);
  let open = 0;
  for (const service of platform.services) {
    const schema = ident(platform.schema(service));
    const { rows } = await platform.db.query<{ subject: string }>(
      `SELECT o.subject FROM ${schema}.outbox o
        WHERE o.position > coalesce((SELECT position FROM ${schema}.local_cursors WHERE subscription = $1), 0)`,
      [consumerName(spec)],
    );
    open += rows.filter((r) => matches(r.subject)).length;
  }
  return open;
}

/** An envelope as it comes back from a round trip through JSON (what any adapter can give back). */
export const normalized = (envelope: Envelope): Envelope => JSON.parse(JSON.stringify(envelope));

/** NATS only: how many messages a stream of the platform's namespace holds (what survived Nats-Msg-Id dedupe). */
export async function streamMessages(platform: Platform, stream: 'FTGO_EVENTS' | 'FTGO_COMMANDS' | 'FTGO_SAGAS'): Promise<number> {
  const { jsm } = platform.bus as NatsBus;
  const info = await jsm.streams.info(platform.config.naming.stream(stream));
  return info.state.messages;
}

/** Seqs of `service`'s outbox rows among `seqs` that are marked published. */
export async function markedAmong(platform: Platform, service: ServiceName, seqs: number[]): Promise<number> {
  const { rows } = await platform.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${ident(platform.schema(service))}.outbox WHERE seq = ANY($1::bigint[]) AND published_at IS NOT NULL`,
    [seqs],
  );
  return rows[0].n;
}

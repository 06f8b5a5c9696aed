import { EventEmitter } from 'node:events';
import type { Envelope } from '@ftgo/schema';
import type pg from 'pg';
import type { Logger } from '../../logging.js';
import type { PlatformMetrics } from '../../metrics/platform-metrics.js';
import { type Database, ident } from '../../postgres/database.js';
import { DeadLetters } from '../dead-letters.js';
import type { Leases } from '../leases.js';
import type { OutboxRow } from '../outbox.js';
import { consumerName, type MessageBus, type MessageHandler, type OutboxSink, type Subscription, type SubscriptionSpec } from '../port.js';
import { defaultRetryPolicy, type RetryPolicy } from '../retry-policy.js';
import { subjectMatcher } from '../subject-match.js';
import { SubscriptionRuntime } from '../subscription-runtime.js';
import { LiveTails } from './live-tails.js';
import { SourceReader } from './source-reader.js';

export interface LocalBusOptions {
  db: Database;
  /** Every outbox (service schema) a subscription may read. */
  sources: string[];
  schemaOf: (service: SubscriptionSpec['service']) => string;
  leases: Leases;
  logger: Logger;
  metrics?: PlatformMetrics;
  retry?: RetryPolicy;
  /** Namespaces the NOTIFY channel, so parallel test suites do not wake each other. */
  channel: string;
  pollMs?: number;
}

/**
 * Local messaging: the outbox is the log. The relay "publishes" by giving rows a position in commit
 * order (one active relay per schema, so positions only grow); each subscription reads every source
 * outbox after its cursor, with the same runtime (attempts, backoff, dead letters, parking) as NATS.
 */
export class LocalBus implements MessageBus {
  readonly kind = 'local' as const;
  readonly sink: OutboxSink;
  private readonly wakeups = new EventEmitter().setMaxListeners(0);
  private readonly subscriptions = new Set<Subscription>();
  private listener: pg.Client | undefined;
  private readonly liveTails: LiveTails;
  private readonly retry: RetryPolicy;

  private constructor(private readonly opts: LocalBusOptions) {
    this.retry = opts.retry ?? defaultRetryPolicy;
    this.sink = { outboxIsTheLog: true, publish: (schema, rows, leader) => this.stamp(schema, rows, leader) };
    this.liveTails = new LiveTails({ db: opts.db, sources: opts.sources, wakeups: this.wakeups, pollMs: opts.pollMs ?? 1000, logger: opts.logger });
  }

  static async start(opts: LocalBusOptions): Promise<LocalBus> {
    const bus = new LocalBus(opts);
    bus.listener = await opts.db.dedicated();
    bus.listener.on('notification', (n) => bus.wakeups.emit('source', n.payload));
    await bus.listener.query(`LISTEN ${ident(opts.channel)}`);
    return bus;
  }

  /**
   * Positions in row (= seq) order; the relay marks the rows published right after, on the same
   * connection. A row keeps the position it was given first: publishing it again (a relay that
   * re-runs a batch) must not move it past a reader's cursor and deliver it twice, just as
   * JetStream drops a republished `Nats-Msg-Id`.
   */
  private async stamp(schema: string, rows: OutboxRow[], leader: pg.Client): Promise<void> {
    const seqs = rows.map((r) => r.seq);
    await leader.query(
      `UPDATE ${ident(schema)}.outbox o SET position = s.position, published_at = coalesce(o.published_at, now())
         FROM (SELECT t.seq, nextval('${ident(schema)}.outbox_position_seq') AS position
                 FROM unnest($1::bigint[]) WITH ORDINALITY AS t(seq, n)
                 JOIN ${ident(schema)}.outbox u ON u.seq = t.seq AND u.position IS NULL
                ORDER BY t.n) s
        WHERE o.seq = s.seq`,
      [seqs],
    );
    await leader.query('SELECT pg_notify($1, $2)', [this.opts.channel, schema]);
  }

  async subscribe(spec: SubscriptionSpec, handler: MessageHandler): Promise<Subscription> {
    const runtime = new SubscriptionRuntime(spec, handler, {
      deadLetters: new DeadLetters(this.opts.db, this.opts.schemaOf(spec.service)),
      retry: this.retry,
      metrics: this.opts.metrics,
      logger: this.opts.logger,
    });
    const matches = subjectMatcher(spec.subject);
    const readers = this.opts.sources.map((source) =>
      new SourceReader({ ...this.opts, source, runtime, matches, wakeups: this.wakeups, pollMs: this.opts.pollMs ?? 1000 }).start(),
    );
    const subscription: Subscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        await Promise.all(readers.map((r) => r.stop()));
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async forget(spec: SubscriptionSpec): Promise<void> {
    for (const source of this.opts.sources)
      await this.opts.db.query(`DELETE FROM ${ident(source)}.local_cursors WHERE subscription = $1`, [consumerName(spec)]);
  }

  /** Tails every source from its current end; each process sees every row, nothing is acknowledged. */
  async live(subject: string, listener: (envelope: Envelope) => void): Promise<Subscription> {
    const remove = await this.liveTails.add(subjectMatcher(subject), listener);
    const subscription: Subscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        await remove();
      },
    };
    // Closed with the bus: a live tail left polling would keep the process alive and query a closed pool.
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.subscriptions.clear();
    await this.listener?.end().catch(() => {});
  }
}

import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type Database, ident } from '../postgres/database.js';

/** The platform's metrics, one registry per process (DESIGN, Observability). */
export class PlatformMetrics {
  private readonly outboxes = new Map<string, Database>();

  readonly relayPublished: Counter<'schema'>;
  readonly relayBatchSeconds: Histogram<'schema'>;
  /** From the outbox row's commit (created_at) to the broker's ack. */
  readonly relayLatencySeconds: Histogram<'schema'>;
  readonly handled: Counter<'consumer' | 'outcome'>;
  readonly redelivered: Counter<'consumer'>;
  readonly deadLettered: Counter<'consumer'>;
  readonly handlerSeconds: Histogram<'consumer'>;

  constructor(readonly registry = new Registry()) {
    collectDefaultMetrics({ register: registry });
    const registers = [registry];
    const outboxes = this.outboxes;
    new Gauge({
      name: 'ftgo_outbox_backlog',
      help: 'Outbox rows not yet published',
      labelNames: ['schema'],
      registers,
      async collect() {
        for (const [schema, db] of outboxes) {
          const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(schema)}.outbox WHERE published_at IS NULL`);
          this.set({ schema }, rows[0].n);
        }
      },
    });
    this.relayPublished = new Counter({ name: 'ftgo_relay_published_total', help: 'Outbox rows published', labelNames: ['schema'], registers });
    this.relayBatchSeconds = new Histogram({
      name: 'ftgo_relay_batch_seconds',
      help: 'Time to publish one relay batch and mark it',
      labelNames: ['schema'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.relayLatencySeconds = new Histogram({
      name: 'ftgo_relay_latency_seconds',
      help: 'From outbox insert to broker ack',
      labelNames: ['schema'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5],
      registers,
    });
    this.handled = new Counter({
      name: 'ftgo_messages_handled_total',
      help: 'Deliveries handled, by outcome (ok, error, dead_lettered, parked)',
      labelNames: ['consumer', 'outcome'],
      registers,
    });
    this.redelivered = new Counter({ name: 'ftgo_messages_redelivered_total', help: 'Deliveries after the first', labelNames: ['consumer'], registers });
    this.deadLettered = new Counter({ name: 'ftgo_messages_dead_lettered_total', help: 'Messages given up on', labelNames: ['consumer'], registers });
    this.handlerSeconds = new Histogram({
      name: 'ftgo_handler_seconds',
      help: 'Message handler latency',
      labelNames: ['consumer'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    });
  }

  /** Report the backlog of `schema`'s outbox on scrape. */
  watchOutbox(db: Database, schema: string): void {
    this.outboxes.set(schema, db);
  }
}

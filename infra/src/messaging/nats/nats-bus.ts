import type { Envelope, Naming } from '@ftgo/schema';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import type { Logger } from '../../logging.js';
import type { PlatformMetrics } from '../../metrics/platform-metrics.js';
import type { Database } from '../../postgres/database.js';
import { DeadLetters } from '../dead-letters.js';
import type { Leases } from '../leases.js';
import type { OutboxRow } from '../outbox.js';
import type { MessageBus, MessageHandler, OutboxSink, Subscription, SubscriptionSpec } from '../port.js';
import { defaultRetryPolicy, type RetryPolicy } from '../retry-policy.js';
import { deliverInOrder, SubscriptionRuntime } from '../subscription-runtime.js';
import { fromNatsMessage, toNatsHeaders } from './headers.js';
import { ensureStreams, isNotFound } from './streams.js';
import { PARTITIONS } from '@ftgo/schema';

export interface NatsBusOptions {
  url: string;
  naming: Naming;
  /** Where dead letters go: the subscribing service's schema. */
  db: Database;
  schemaOf: (service: SubscriptionSpec['service']) => string;
  leases: Leases;
  logger: Logger;
  metrics?: PlatformMetrics;
  retry?: RetryPolicy;
  /** How often a replica tries to take partitions nobody holds. */
  leaseIntervalMs?: number;
  /** Unordered subscriptions: deliveries handled at once per process. */
  concurrency?: number;
  name?: string;
}

const ACK_WAIT_MS = 30_000;

/**
 * JetStream adapter. Ordered subscriptions: one durable per partition with max_ack_pending 1, each
 * partition worked by the replica holding its lease. Unordered (commands, replies): one shared
 * durable, handled in parallel, retried by delayed NAK.
 */
export class NatsBus implements MessageBus {
  readonly kind = 'nats' as const;
  readonly sink: OutboxSink;
  private readonly subscriptions = new Set<Subscription>();
  private readonly retry: RetryPolicy;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    private readonly opts: NatsBusOptions,
  ) {
    this.retry = opts.retry ?? defaultRetryPolicy;
    this.sink = {
      outboxIsTheLog: false,
      publish: (_schema: string, rows: OutboxRow[]) => this.publish(rows),
    };
  }

  static async connect(opts: NatsBusOptions): Promise<NatsBus> {
    const nc = await connect({ servers: opts.url, name: opts.name ?? 'ftgo', maxReconnectAttempts: -1 });
    const jsm = await jetstreamManager(nc);
    await ensureStreams(jsm, opts.naming);
    return new NatsBus(nc, jetstream(nc), jsm, opts);
  }

  /** Pipelined: every publish is sent before the first ack is awaited; order on the wire is row order. */
  private async publish(rows: OutboxRow[]): Promise<void> {
    const encoder = new TextEncoder();
    await Promise.all(
      rows.map(({ envelope }) =>
        this.js.publish(envelope.subject, encoder.encode(JSON.stringify(envelope.payload)), { msgID: envelope.id, headers: toNatsHeaders(envelope) }),
      ),
    );
  }

  async subscribe(spec: SubscriptionSpec, handler: MessageHandler): Promise<Subscription> {
    const runtime = new SubscriptionRuntime(spec, handler, {
      deadLetters: new DeadLetters(this.opts.db, this.opts.schemaOf(spec.service)),
      retry: this.retry,
      metrics: this.opts.metrics,
      logger: this.opts.logger,
    });
    const stream = this.opts.naming.stream(this.opts.naming.streamOf(spec.subject));
    const subscription = spec.ordered ? await this.subscribeOrdered(stream, runtime) : await this.subscribeShared(stream, runtime);
    this.subscriptions.add(subscription);
    return subscription;
  }

  private async subscribeShared(stream: string, runtime: SubscriptionRuntime): Promise<Subscription> {
    const { spec } = runtime;
    const durable = this.opts.naming.durable(`${spec.service}-${spec.name}`);
    await this.ensureConsumer(stream, { durable_name: durable, filter_subject: spec.subject, max_ack_pending: 1000 });
    const consumer = await this.js.consumers.get(stream, durable);
    const concurrency = this.opts.concurrency ?? 16;
    const messages = await consumer.consume({ max_messages: concurrency });
    const inFlight = new Set<Promise<void>>();
    const loop = (async () => {
      for await (const m of messages) {
        const work = (async () => {
          const verdict = await runtime.deliver(fromNatsMessage(m.subject, m.headers, m.data), m.info.deliveryCount);
          if (verdict.done) m.ack();
          else m.nak(verdict.retryInMs);
        })()
          .catch((error) => this.opts.logger.error({ err: error, consumer: runtime.consumer }, 'delivery failed'))
          .finally(() => inFlight.delete(work));
        inFlight.add(work);
        if (inFlight.size >= concurrency) await Promise.race(inFlight);
      }
    })();
    return {
      close: async () => {
        messages.stop();
        await loop;
        await Promise.all(inFlight);
      },
    };
  }

  private async subscribeOrdered(stream: string, runtime: SubscriptionRuntime): Promise<Subscription> {
    const { spec } = runtime;
    if (!spec.subject.endsWith('.*')) throw new Error(`ordered subscription ${runtime.consumer} needs a subject ending in the partition wildcard`);
    const partitions = Array.from({ length: PARTITIONS }, (_, p) => ({
      durable: this.opts.naming.durable(`${spec.service}-${spec.name}-p${p}`),
      subject: `${spec.subject.slice(0, -1)}${p}`,
    }));
    for (const p of partitions) {
      await this.ensureConsumer(stream, { durable_name: p.durable, filter_subject: p.subject, max_ack_pending: 1 });
    }
    const workers = new Map<string, { messages: ConsumerMessages; done: Promise<void> }>();
    let closed = false;
    const stopWorker = async (durable: string) => {
      const worker = workers.get(durable);
      if (!worker) return;
      workers.delete(durable);
      worker.messages.stop();
      await worker.done;
    };
    const startWorker = async (durable: string) => {
      const consumer = await this.js.consumers.get(stream, durable);
      const messages = await consumer.consume();
      const done = (async () => {
        for await (const m of messages) {
          const envelope = fromNatsMessage(m.subject, m.headers, m.data);
          const finished = await deliverInOrder(
            runtime,
            envelope,
            m.info.deliveryCount,
            () => m.working(),
            () => closed || !this.opts.leases.holds(durable),
          );
          if (finished) m.ack();
        }
      })().catch((error) => this.opts.logger.error({ err: error, durable }, 'partition worker stopped'));
      workers.set(durable, { messages, done });
    };
    const claim = async () => {
      for (const { durable } of partitions) {
        if (closed || workers.has(durable)) continue;
        if (await this.opts.leases.tryAcquire(durable)) await startWorker(durable);
      }
    };
    const unlisten = this.opts.leases.onLost(() => {
      for (const durable of [...workers.keys()]) void stopWorker(durable);
    });
    await claim();
    const timer = setInterval(() => claim().catch((error) => this.opts.logger.warn({ err: error }, 'partition claim failed')), this.opts.leaseIntervalMs ?? 2000);
    return {
      close: async () => {
        closed = true;
        clearInterval(timer);
        unlisten();
        await Promise.all([...workers.keys()].map(async (durable) => {
          await stopWorker(durable);
          await this.opts.leases.release(durable);
        }));
      },
    };
  }

  private async ensureConsumer(stream: string, config: Pick<ConsumerConfig, 'durable_name' | 'filter_subject' | 'max_ack_pending'>): Promise<void> {
    const full: Partial<ConsumerConfig> = {
      ...config,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      // Unbounded here: the runtime counts attempts and dead-letters, so nothing is dropped silently.
      max_deliver: -1,
    };
    try {
      await this.jsm.consumers.info(stream, config.durable_name!);
      await this.jsm.consumers.update(stream, config.durable_name!, { max_ack_pending: config.max_ack_pending, ack_wait: full.ack_wait });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.jsm.consumers.add(stream, full);
    }
  }

  async live(subject: string, listener: (envelope: Envelope) => void): Promise<Subscription> {
    const sub = this.nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) return;
        try {
          listener(fromNatsMessage(msg.subject, msg.headers, msg.data));
        } catch (caught) {
          this.opts.logger.warn({ err: caught, subject }, 'live listener failed');
        }
      },
    });
    return { close: async () => sub.unsubscribe() };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.subscriptions.clear();
    await this.nc.drain().catch(() => {});
  }
}

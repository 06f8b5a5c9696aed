import type { Envelope, Naming } from '@ftgo/schema';
import { PARTITIONS } from '@ftgo/schema';
import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
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
/** How long a partition worker told to stop just after pulling waits for a message already on its way (a round trip is ~1 ms). */
const HANDOVER_GRACE_MS = 250;
/** A partition worker's pull waits this long for a message before pulling again. */
const PULL_EXPIRES_MS = 5000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` while telling the server every third of ack_wait that `m` is still being worked
 * on, so a handler slower than ack_wait is not redelivered to a second process meanwhile.
 */
async function whileWorking<T>(m: JsMsg, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => m.working(), ACK_WAIT_MS / 3);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** An ordered subscription's durables: one per partition, each filtered to its partition's subject. */
const partitionsOf = (spec: SubscriptionSpec, naming: Naming): { durable: string; subject: string }[] =>
  Array.from({ length: PARTITIONS }, (_, p) => ({
    durable: naming.durable(`${spec.service}-${spec.name}-p${p}`),
    subject: `${spec.subject.slice(0, -1)}${p}`,
  }));

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
    // noAsyncTraces: nats.js otherwise builds an Error (a stack trace) per request to keep async traces,
    // which costs a quarter of the relay's CPU at thousands of publishes a second (bench/README.md).
    const nc = await connect({ servers: opts.url, name: opts.name ?? 'ftgo', maxReconnectAttempts: -1, noAsyncTraces: true });
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
    const inner = spec.ordered ? await this.subscribeOrdered(stream, runtime) : await this.subscribeShared(stream, runtime);
    const subscription: Subscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        await inner.close();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async forget(spec: SubscriptionSpec): Promise<void> {
    const stream = this.opts.naming.stream(this.opts.naming.streamOf(spec.subject));
    const durables = spec.ordered ? partitionsOf(spec, this.opts.naming).map((p) => p.durable) : [this.sharedDurable(spec)];
    for (const durable of durables) {
      await this.jsm.consumers.delete(stream, durable).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    }
  }

  private sharedDurable(spec: SubscriptionSpec): string {
    return this.opts.naming.durable(`${spec.service}-${spec.name}`);
  }

  private async subscribeShared(stream: string, runtime: SubscriptionRuntime): Promise<Subscription> {
    const { spec } = runtime;
    const durable = this.sharedDurable(spec);
    await this.ensureConsumer(stream, { durable_name: durable, filter_subject: spec.subject, max_ack_pending: 1000 });
    const consumer = await this.js.consumers.get(stream, durable);
    const concurrency = this.opts.concurrency ?? 16;
    const messages = await consumer.consume({ max_messages: concurrency });
    const inFlight = new Set<Promise<void>>();
    const loop = (async () => {
      // After close, what was already pulled is still handled: a NAK would go to the pull request
      // the server still holds for us, and sit there for ack_wait.
      for await (const m of messages) {
        const work = (async () => {
          const verdict = await whileWorking(m, () => runtime.deliver(fromNatsMessage(m.subject, m.headers, m.data), m.info.deliveryCount));
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
    const partitions = partitionsOf(spec, this.opts.naming);
    for (const p of partitions) {
      await this.ensureConsumer(stream, { durable_name: p.durable, filter_subject: p.subject, max_ack_pending: 1 });
    }
    const workers = new Map<string, { stop: () => void; done: Promise<void> }>();
    let closed = false;
    const stopWorker = async (durable: string) => {
      const worker = workers.get(durable);
      if (!worker) return;
      workers.delete(durable);
      worker.stop();
      await worker.done;
    };
    const startWorker = async (durable: string) => {
      const consumer = await this.js.consumers.get(stream, durable);
      let stopRequested = false;
      let requestStop!: () => void;
      const stopSignal = new Promise<'stop'>((resolve) => {
        requestStop = () => {
          stopRequested = true;
          resolve('stop');
        };
      });
      const stopped = () => stopRequested || closed || !this.opts.leases.holds(durable);
      // The partition may come from another replica: see the dead letters it left.
      runtime.forgetBlocked();
      const work = async () => {
        while (!stopped()) {
          // One message per pull, so no request stays open at the server while we hold a message:
          // JetStream (2.9) hands a NAKed message to such a leftover request, where it would sit
          // for ack_wait, and with max_ack_pending 1 hold the partition back from the next holder.
          const pull = await consumer.fetch({ max_messages: 1, expires: PULL_EXPIRES_MS });
          const pulledAt = Date.now();
          const next = pull[Symbol.asyncIterator]().next();
          let result = await Promise.race([next, stopSignal]);
          if (result === 'stop') {
            // Told to stop while waiting. Just after a pull the server may already be sending a
            // message: let it arrive and hand it back, rather than drop it with the subscription.
            const grace = pulledAt + HANDOVER_GRACE_MS - Date.now();
            if (grace > 0) result = await Promise.race([next, sleep(grace).then(() => 'stop' as const)]);
            if (result === 'stop') {
              pull.stop();
              result = await next;
            }
            if (!result.done) result.value.nak();
            return;
          }
          if (result.done) continue; // the pull expired empty
          const m = result.value;
          // Its one message came: end the pull's subscription now (left to the iterator, that only
          // happens when it is read past the message, and every pull would leave one behind).
          pull.stop();
          if (stopped()) {
            m.nak();
            return;
          }
          const envelope = fromNatsMessage(m.subject, m.headers, m.data);
          const finished = await whileWorking(m, () => deliverInOrder(runtime, envelope, m.info.deliveryCount, () => m.working(), stopped));
          // Not finished: stopped between attempts; the next holder takes it from here at once.
          if (finished) m.ack();
          else m.nak();
        }
      };
      const done = work()
        .catch((error) => this.opts.logger.error({ err: error, durable }, 'partition worker stopped; restarting'))
        .finally(() => {
          // Ended on its own (an error, the consumer gone): let the next claim start it again.
          if (workers.get(durable)?.stop === requestStop) workers.delete(durable);
        });
      workers.set(durable, { stop: requestStop, done });
    };
    const claimOnce = async () => {
      for (const { durable } of partitions) {
        if (closed || workers.has(durable)) continue;
        if (!(await this.opts.leases.tryAcquire(durable))) continue;
        if (closed || workers.has(durable)) continue;
        await startWorker(durable);
      }
    };
    // One claim at a time: two overlapping claims would both start a worker for the same partition.
    let claiming: Promise<void> | undefined;
    const claim = () => {
      claiming ??= claimOnce().finally(() => {
        claiming = undefined;
      });
      return claiming;
    };
    const unlisten = this.opts.leases.onLost(() => {
      for (const durable of [...workers.keys()]) void stopWorker(durable);
    });
    await claim();
    const timer = setInterval(
      () => claim().catch((error) => this.opts.logger.warn({ err: error }, 'partition claim failed')),
      this.opts.leaseIntervalMs ?? 2000,
    );
    return {
      close: async () => {
        closed = true;
        clearInterval(timer);
        unlisten();
        await claiming?.catch(() => {});
        await Promise.all(
          partitions.map(async ({ durable }) => {
            await stopWorker(durable);
            await this.opts.leases.release(durable);
          }),
        );
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
    // Registered at the server before we return: a message published right after is seen.
    await this.nc.flush();
    const subscription: Subscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        sub.unsubscribe();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.subscriptions.clear();
    await this.nc.drain().catch(() => {});
  }
}

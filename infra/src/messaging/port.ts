import type { Envelope, ServiceName } from '@ftgo/schema';
import type pg from 'pg';
import type { OutboxRow } from './outbox.js';

/** One delivery of a message to a subscription's handler. */
export interface Delivery<P = unknown> {
  envelope: Envelope<P>;
  /** 1 on first delivery; the handler may answer differently on the last (DOMAIN §0, participant failures). */
  attempt: number;
  maxAttempts: number;
}

/** Returns after its transaction committed; throws to have the message redelivered. */
export type MessageHandler = (delivery: Delivery) => Promise<void>;

export interface SubscriptionSpec {
  /** The owning service: its schema keeps the subscription's dead letters. */
  service: ServiceName;
  /** Unique within the service (`history`, `commands`, ...); `<service>.<name>` is the consumer name. */
  name: string;
  /**
   * What to receive. Ordered subscriptions take an event filter ending in the partition wildcard
   * (`ftgo.order.events.Order.*`): one aggregate's messages are then handled one at a time, in order.
   */
  subject: string;
  ordered: boolean;
}

export const consumerName = (spec: Pick<SubscriptionSpec, 'service' | 'name'>): string => `${spec.service}.${spec.name}`;

export interface Subscription {
  close(): Promise<void>;
}

/** What a relay hands outbox rows to. */
export interface OutboxSink {
  /** True when subscribers read the outbox itself (local messaging), so rows are kept like a stream's. */
  readonly outboxIsTheLog: boolean;
  /** Publish `rows` in order; resolve when the broker holds them. */
  publish(schema: string, rows: OutboxRow[], leader: pg.Client): Promise<void>;
}

/**
 * The messaging port. Two adapters (NATS JetStream, local) pass the same contract suite:
 * at-least-once delivery, ack after the handler returns, redelivery with backoff, dead letters
 * after the last attempt, per-aggregate order for ordered subscriptions.
 */
export interface MessageBus {
  readonly kind: 'nats' | 'local';
  readonly sink: OutboxSink;
  subscribe(spec: SubscriptionSpec, handler: MessageHandler): Promise<Subscription>;
  /** Every message on `subject` as it is published, to every process; no ack, no retry (live feeds). */
  live(subject: string, listener: (envelope: Envelope) => void): Promise<Subscription>;
  /**
   * Drops what the broker keeps for a subscription that will not run again (its durable consumers, its
   * cursors), so it neither holds messages back from purging nor lingers; subscribed again, it starts
   * over from the first message. Close it in every process first.
   */
  forget(spec: SubscriptionSpec): Promise<void>;
  close(): Promise<void>;
}

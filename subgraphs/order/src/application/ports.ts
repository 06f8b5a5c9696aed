import type { SagaInstance, Transition } from '@ftgo/sagas';
import type { Instant, saga } from '@ftgo/schema';
import type { ConsumerReplica, Order, OrderCommand, OrderEvent, RestaurantMenu } from '../domain/index.js';

/** The order service's ports: what the use cases need, implemented by `src/adapters/`. */

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A fresh UUID (order and saga ids). */
  newId(): string;
}

/** Where a mutation comes from, carried into the messages it produces (correlation, trace). */
export interface RequestContext {
  correlationId?: string;
  traceparent?: string;
}

export interface LoadedOrder {
  order: Order;
  /** The stream's version: 0 for an unknown order, +1 per event. */
  version: number;
}

export interface HandledOrder extends LoadedOrder {
  events: OrderEvent[];
}

/** The event-sourced Order, inside the unit of work's transaction. */
export interface OrderRepository {
  load(orderId: string): Promise<LoadedOrder>;
  /** Load, decide, append the events and their outbox messages; a refused command throws and writes nothing. */
  handle(orderId: string, command: OrderCommand): Promise<HandledOrder>;
}

/** A stored saga and when its last transition happened (the awaited step started then). */
export interface StoredSaga {
  instance: SagaInstance<unknown>;
  updatedAt: Instant;
}

/** `saga_instances` and `saga_progress`, inside the unit of work's transaction. */
export interface SagaRepository {
  /** The saga, locked until the transaction ends, so replies to one saga apply one at a time; null when unknown. */
  lock(sagaId: string): Promise<StoredSaga | null>;
  hasSaga(type: saga.SagaType, orderId: string): Promise<boolean>;
  /** The order's last `orderSequence` over all its sagas (0 when none). */
  lastOrderSequence(orderId: string): Promise<number>;
  /**
   * One transition, all in the caller's transaction: the instance (insert, or update at `expectedVersion`,
   * throwing when another transition got there first), the progress rows with one SagaProgressRecorded
   * each, and the action's participant command.
   */
  commit(transition: Transition<unknown>, at: Instant): Promise<void>;
}

/** The order service's copy of a restaurant: enough to name and price line items, and the source version. */
export interface RestaurantReplica extends RestaurantMenu {
  version: number;
}

export interface RestaurantReplicas {
  find(restaurantId: string): Promise<RestaurantReplica | null>;
  /** Inserts or replaces the row; never goes back to an older version. */
  save(replica: RestaurantReplica): Promise<void>;
}

export interface ConsumerReplicas {
  find(consumerId: string): Promise<ConsumerReplica | null>;
  /** Inserts or replaces the row if it is still at `previousVersion` (0 = absent), else throws Transient. */
  save(replica: ConsumerReplica, previousVersion: number): Promise<void>;
}

/** Everything one transaction works with; effects registered with `afterCommit` run only once it committed. */
export interface Work {
  readonly orders: OrderRepository;
  readonly sagas: SagaRepository;
  readonly restaurants: RestaurantReplicas;
  readonly consumers: ConsumerReplicas;
  afterCommit(effect: () => void): void;
}

export interface UnitOfWork {
  /**
   * Runs `work` in one transaction. With an idempotency key, at most once per (operation, key): a repeat
   * gets the stored response, the same key with another request is CONFLICT (DESIGN, Idempotency).
   */
  run<T>(operation: string, options: MutationOptions, request: unknown, work: (work: Work) => Promise<T>): Promise<T>;
}

export interface MutationOptions {
  idempotencyKey?: string | null;
  context?: RequestContext;
}

/** Read side, outside any transaction. */
export interface OrderReader {
  /** In the order of `orderIds`; null for an unknown (or malformed) id. */
  findMany(orderIds: readonly string[]): Promise<(LoadedOrder | null)[]>;
  exists(orderId: string): Promise<boolean>;
  /** The order as it stood after each of its events with a version above `afterVersion`, in version order. */
  versionsAfter(orderId: string, afterVersion: number): Promise<LoadedOrder[]>;
}

/** The consumer replica, read outside any transaction. */
export interface ConsumerDirectory {
  /** The ones of `consumerIds` the replica knows. */
  known(consumerIds: readonly string[]): Promise<ReadonlySet<string>>;
}

export interface SagaReader {
  find(sagaId: string): Promise<SagaInstance<unknown> | null>;
  /** Oldest first. */
  ofOrder(orderId: string): Promise<SagaInstance<unknown>[]>;
  /** By `sequence`. */
  progressOfSaga(sagaId: string): Promise<saga.SagaProgress[]>;
  /** Rows with `orderSequence > after`, by `orderSequence`. */
  progressOfOrder(orderId: string, after: number): Promise<saga.SagaProgress[]>;
  /** The sagas of all `orderIds` in one list, each order's oldest first. */
  ofOrders(orderIds: readonly string[]): Promise<SagaInstance<unknown>[]>;
  /** The progress rows of all `sagaIds` in one list, each saga's by `sequence`. */
  progressOfSagas(sagaIds: readonly string[]): Promise<saga.SagaProgress[]>;
}

/**
 * What a live feed has received since it was opened, buffered until read. Iterating never ends on its own;
 * `close()` (also `return()` of its iterator) stops listening and ends a pending read at once.
 */
export interface LiveStream<T> extends AsyncIterable<T> {
  close(): Promise<void>;
}

/** An Order event as a live feed reports it: enough to know that the order moved on. */
export interface OrderEventNotice {
  version: number;
  /** `order.OrderApproved`, ... */
  type: string;
}

/**
 * Messages as they are published, to every process, without acknowledgement (the GraphQL subscriptions).
 * Each method resolves once it is listening: whatever is published afterwards is in the stream.
 */
export interface LiveFeed {
  /** The order's SagaProgressRecorded payloads. */
  progress(orderId: string): Promise<LiveStream<saga.SagaProgress>>;
  /** The order's own events. */
  orderEvents(orderId: string): Promise<LiveStream<OrderEventNotice>>;
}

export type OrderOutcome = 'placed' | 'approved' | 'rejected' | 'cancelled' | 'revised';
export type SagaOutcome = 'COMPLETED' | 'COMPENSATED' | 'FAILED';

/** The counters DOMAIN §3.1 names, and step latency; called only after commit. */
export interface OrderMetrics {
  order(outcome: OrderOutcome): void;
  sagaStarted(type: saga.SagaType): void;
  sagaEnded(type: saga.SagaType, outcome: SagaOutcome): void;
  replyIgnored(type: string): void;
  /** From a remote step's (or compensation's) command to its applied reply. */
  stepCompleted(type: saga.SagaType, step: string, outcome: 'SUCCESS' | 'FAILURE', seconds: number): void;
}

/** Structured logging (pino-compatible). */
export interface Log {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

import type { Envelope, MenuItemQuantity } from '@ftgo/schema';
import type { ConsumerReplicaChange, CreateOrderRequest, RestaurantMenu } from '../domain/index.js';
import { applyConsumerEvent } from './apply-consumer-event.js';
import { applyRestaurantState } from './apply-restaurant-state.js';
import { applySagaReply } from './apply-saga-reply.js';
import { cancelOrder } from './cancel-order.js';
import { knownConsumers } from './consumer-queries.js';
import { createOrder } from './create-order.js';
import { getOrder, getOrders, orderExists } from './order-queries.js';
import type { OrderView } from './order-view.js';
import type {
  Clock,
  ConsumerDirectory,
  IdGenerator,
  LiveFeed,
  Log,
  MutationOptions,
  OrderMetrics,
  OrderReader,
  SagaReader,
  UnitOfWork,
  Work,
} from './ports.js';
import { reviseOrder } from './revise-order.js';
import { getProgressOfOrder, getProgressOfSagas, getSaga, getSagaProgress, getSagasOfOrder, getSagasOfOrders } from './saga-queries.js';
import type { SagaProgressView, SagaView } from './saga-view.js';
import { type OrderCreatedPayload, startCreateOrderSaga } from './start-create-order-saga.js';
import { subscribeOrderState } from './subscribe-order-state.js';
import { subscribeSagaProgress } from './subscribe-saga-progress.js';

export interface OrderApplicationDeps {
  unitOfWork: UnitOfWork;
  orders: OrderReader;
  sagas: SagaReader;
  consumers: ConsumerDirectory;
  live: LiveFeed;
  clock: Clock;
  ids: IdGenerator;
  metrics: OrderMetrics;
  log: Log;
}

/**
 * The order service's use cases. `commands`, `queries` and `subscriptions` serve GraphQL; `reactions` run
 * inside an inbound message's transaction (after its inbox claim), with the `Work` of that transaction.
 */
export function createOrderApplication(deps: OrderApplicationDeps): OrderApplication {
  return {
    commands: {
      createOrder: createOrder(deps),
      cancelOrder: cancelOrder(deps),
      reviseOrder: reviseOrder(deps),
    },
    queries: {
      order: getOrder(deps.orders),
      ordersByIds: getOrders(deps.orders),
      orderExists: orderExists(deps.orders),
      saga: getSaga(deps.sagas),
      sagasOfOrder: getSagasOfOrder(deps.sagas),
      sagasOfOrders: getSagasOfOrders(deps.sagas),
      sagaProgress: getSagaProgress(deps.sagas),
      progressOfSagas: getProgressOfSagas(deps.sagas),
      progressOfOrder: getProgressOfOrder(deps.sagas),
      knownConsumers: knownConsumers(deps.consumers),
    },
    subscriptions: {
      sagaProgress: subscribeSagaProgress(deps),
      orderStateChanged: subscribeOrderState(deps),
    },
    reactions: {
      applyRestaurantState: applyRestaurantState(),
      applyConsumerEvent: applyConsumerEvent(),
      startCreateOrderSaga: startCreateOrderSaga(deps),
      applySagaReply: applySagaReply(deps),
    },
  };
}

export interface OrderApplication {
  commands: {
    createOrder(input: CreateOrderRequest, options?: MutationOptions): Promise<OrderView>;
    cancelOrder(input: { id: string }, options?: MutationOptions): Promise<OrderView>;
    reviseOrder(input: { id: string; lineItems: MenuItemQuantity[] }, options?: MutationOptions): Promise<OrderView>;
  };
  queries: {
    order(id: string): Promise<OrderView | null>;
    ordersByIds(ids: readonly string[]): Promise<(OrderView | null)[]>;
    orderExists(id: string): Promise<boolean>;
    saga(id: string): Promise<SagaView | null>;
    sagasOfOrder(orderId: string): Promise<SagaView[]>;
    /** Batched `sagasOfOrder`: one list per id, in the order asked. */
    sagasOfOrders(orderIds: readonly string[]): Promise<SagaView[][]>;
    sagaProgress(sagaId: string): Promise<SagaProgressView[]>;
    /** Batched `sagaProgress`: one list per id, in the order asked. */
    progressOfSagas(sagaIds: readonly string[]): Promise<SagaProgressView[][]>;
    progressOfOrder(orderId: string, after?: number | null): Promise<SagaProgressView[]>;
    /** Whether the consumer replica knows each consumer, in the order asked. */
    knownConsumers(consumerIds: readonly string[]): Promise<boolean[]>;
  };
  /** Live streams: NOT_FOUND for an unknown order before anything is streamed; `return()` stops listening. */
  subscriptions: {
    sagaProgress(orderId: string, after?: number | null): Promise<AsyncIterableIterator<SagaProgressView>>;
    orderStateChanged(orderId: string): Promise<AsyncIterableIterator<OrderView>>;
  };
  reactions: {
    applyRestaurantState(work: Work, restaurant: RestaurantMenu, version: number): Promise<void>;
    applyConsumerEvent(work: Work, consumerId: string, change: ConsumerReplicaChange, version: number): Promise<void>;
    startCreateOrderSaga(work: Work, created: OrderCreatedPayload): Promise<void>;
    applySagaReply(work: Work, envelope: Envelope): Promise<void>;
  };
}

import type { Envelope, MenuItemQuantity } from '@ftgo/schema';
import type { ConsumerReplicaChange, CreateOrderRequest, RestaurantMenu } from '../domain/index.js';
import { applyConsumerEvent } from './apply-consumer-event.js';
import { applyRestaurantState } from './apply-restaurant-state.js';
import { applySagaReply } from './apply-saga-reply.js';
import { cancelOrder } from './cancel-order.js';
import { createOrder } from './create-order.js';
import { getOrder, getOrders, orderExists } from './order-queries.js';
import type { OrderView } from './order-view.js';
import type { Clock, IdGenerator, Log, MutationOptions, OrderMetrics, OrderReader, SagaReader, UnitOfWork, Work } from './ports.js';
import { reviseOrder } from './revise-order.js';
import { getProgressOfOrder, getSaga, getSagaProgress, getSagasOfOrder } from './saga-queries.js';
import type { SagaProgressView, SagaView } from './saga-view.js';
import { type OrderCreatedPayload, startCreateOrderSaga } from './start-create-order-saga.js';

export interface OrderApplicationDeps {
  unitOfWork: UnitOfWork;
  orders: OrderReader;
  sagas: SagaReader;
  clock: Clock;
  ids: IdGenerator;
  metrics: OrderMetrics;
  log: Log;
}

/**
 * The order service's use cases. `commands` and `queries` serve GraphQL; `reactions` run inside an inbound
 * message's transaction (after its inbox claim), with the `Work` of that transaction.
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
      sagaProgress: getSagaProgress(deps.sagas),
      progressOfOrder: getProgressOfOrder(deps.sagas),
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
    sagaProgress(sagaId: string): Promise<SagaProgressView[]>;
    progressOfOrder(orderId: string, after?: number | null): Promise<SagaProgressView[]>;
  };
  reactions: {
    applyRestaurantState(work: Work, restaurant: RestaurantMenu, version: number): Promise<void>;
    applyConsumerEvent(work: Work, consumerId: string, change: ConsumerReplicaChange, version: number): Promise<void>;
    startCreateOrderSaga(work: Work, created: OrderCreatedPayload): Promise<void>;
    applySagaReply(work: Work, envelope: Envelope): Promise<void>;
  };
}

import { type CreateOrderData, createOrderSaga, runLocalSteps, start } from '@ftgo/sagas';
import type { order, PayloadOf } from '@ftgo/schema';
import type { Clock, IdGenerator, Work } from './ports.js';
import { commitTransition, localStepsOf, type SagaHostDeps } from './saga-transitions.js';

export interface StartCreateOrderSagaDeps extends SagaHostDeps {
  clock: Clock;
  ids: IdGenerator;
}

/** What the saga needs of `order.OrderCreated`. */
export type OrderCreatedPayload = Omit<PayloadOf<typeof order.OrderCreated>, 'occurredAt'>;

/**
 * DOMAIN §3.2: the reaction to `order.OrderCreated`, in the handler's transaction. Once per order: the
 * inbox drops a redelivered event, this check an order whose saga exists already, and the unique
 * (type, order_id) key of CreateOrder sagas anything that races past both.
 */
export function startCreateOrderSaga(deps: StartCreateOrderSagaDeps) {
  return async (work: Work, created: OrderCreatedPayload): Promise<void> => {
    if (await work.sagas.hasSaga('CreateOrder', created.orderId)) {
      deps.log.warn({ orderId: created.orderId }, 'CreateOrder saga already started; OrderCreated ignored');
      return;
    }
    const data: CreateOrderData = {
      orderId: created.orderId,
      consumerId: created.consumerId,
      restaurantId: created.restaurantId,
      lineItems: created.lineItems.map(({ menuItemId, name, price, quantity }) => ({ menuItemId, name, price, quantity })),
      orderTotal: created.orderTotal,
      ticketId: null,
      failureReason: null,
    };
    const at = deps.clock.now().toISOString();
    const firstOrderSequence = (await work.sagas.lastOrderSequence(created.orderId)) + 1;
    const started = start(createOrderSaga, { sagaId: deps.ids.newId(), orderId: created.orderId, data, at, firstOrderSequence });
    // CreateOrder starts with a remote step; run any local one all the same, as the engine asks of every host.
    const transition = await runLocalSteps(createOrderSaga, started, localStepsOf(work, deps), at);
    await commitTransition(work, transition, at, deps);
  };
}

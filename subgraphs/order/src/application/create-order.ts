import { type CreateOrderRequest, toCreateOrder } from '../domain/index.js';
import { type OrderView, toOrderView } from './order-view.js';
import type { Clock, IdGenerator, MutationOptions, OrderMetrics, UnitOfWork } from './ports.js';
import { runOrderCommand } from './run-order-command.js';

export interface CreateOrderDeps {
  unitOfWork: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
  metrics: OrderMetrics;
}

/**
 * DOMAIN §1.5 createOrder: every check in DOMAIN order against the replicas, then OrderCreated in one
 * transaction. Returns APPROVAL_PENDING; the CreateOrder saga is started by the OrderCreated handler (§3.2).
 */
export function createOrder(deps: CreateOrderDeps) {
  return (request: CreateOrderRequest, options: MutationOptions = {}): Promise<OrderView> => {
    const input = normalized(request);
    return deps.unitOfWork.run('createOrder', options, input, async (work) => {
      const restaurant = await work.restaurants.find(input.restaurantId);
      // The address book only for a label: with an inline address the saga's validateConsumer checks the consumer.
      const byLabel = input.deliverTo == null && input.deliverToAddressId != null;
      const addressBook = byLabel ? await work.consumers.find(input.consumerId) : null;
      const command = toCreateOrder(input, { orderId: deps.ids.newId(), now: deps.clock.now().toISOString(), restaurant, addressBook });
      const { order, version } = await runOrderCommand(work, deps.metrics, command);
      if (order.status === 'NEW') throw new Error(`order ${command.data.orderId} was not created`);
      return toOrderView(order, version);
    });
  };
}

/** The request as the idempotency key compares it: an absent optional field and `null` are the same request. */
function normalized(request: CreateOrderRequest): CreateOrderRequest {
  return {
    consumerId: request.consumerId,
    restaurantId: request.restaurantId,
    lineItems: request.lineItems.map(({ menuItemId, quantity }) => ({ menuItemId, quantity })),
    deliverTo: request.deliverTo ?? null,
    deliverToAddressId: request.deliverToAddressId ?? null,
    deliverAt: request.deliverAt ?? null,
  };
}

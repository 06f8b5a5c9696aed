import { consumerName, type MessageHandler, onEvent, type SubscriptionSpec } from '@ftgo/infra';
import { Conflict, type Naming, NotFound, order, Transient } from '@ftgo/schema';
import { cancelOnEvent, type DeliveryHandlerDeps } from './event-reactions.js';

const SUBSCRIPTION = { service: 'delivery', name: 'order-events' } as const;

export const orderEventsSubscription = (naming: Naming): SubscriptionSpec => ({
  ...SUBSCRIPTION,
  subject: naming.eventFilter('order', order.AGGREGATE),
  ordered: true,
});

/** OrderCreated → a PENDING delivery; OrderRejected → cancel (DOMAIN §1.7, §2.2). Other Order events are not delivery's. */
export function orderEventsHandler(deps: DeliveryHandlerDeps): MessageHandler {
  return onEvent({ db: deps.db, schema: deps.schema, consumer: consumerName(SUBSCRIPTION) }, async (ctx) => {
    const { envelope } = ctx;
    if (order.OrderCreated.is(envelope)) {
      const { orderId, restaurantId, deliverTo } = envelope.payload;
      try {
        await deps.application(ctx).commands.createDelivery({ orderId, restaurantId, deliveryAddress: deliverTo });
      } catch (error) {
        // DOMAIN §1.7: a second delivery for the order is done; an unknown restaurant is the replica behind.
        if (error instanceof Conflict) return;
        if (error instanceof NotFound) throw new Transient(`restaurant ${restaurantId} not in the replica yet`);
        throw error;
      }
    } else if (order.OrderRejected.is(envelope)) {
      await cancelOnEvent(deps, ctx, envelope.payload.orderId);
    }
  });
}

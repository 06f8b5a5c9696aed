import { consumerName, type MessageHandler, onEvent, type SubscriptionSpec } from '@ftgo/infra';
import { kitchen, type Naming } from '@ftgo/schema';
import { cancelOnEvent, type DeliveryHandlerDeps, withExistingDelivery } from './event-reactions.js';

const SUBSCRIPTION = { service: 'delivery', name: 'ticket-events' } as const;

export const ticketEventsSubscription = (naming: Naming): SubscriptionSpec => ({
  ...SUBSCRIPTION,
  subject: naming.eventFilter('kitchen', kitchen.AGGREGATE),
  ordered: true,
});

/**
 * TicketAccepted → schedule, TicketReadyForPickup → food ready, TicketCancelled → cancel (DOMAIN
 * §1.7, §2.2). A missing delivery is transient. Other Ticket events are not delivery's.
 */
export function ticketEventsHandler(deps: DeliveryHandlerDeps): MessageHandler {
  return onEvent({ db: deps.db, schema: deps.schema, consumer: consumerName(SUBSCRIPTION) }, async (ctx) => {
    const { envelope } = ctx;
    if (kitchen.TicketAccepted.is(envelope)) {
      const { orderId, readyBy } = envelope.payload;
      await withExistingDelivery(orderId, () => deps.application(ctx).commands.scheduleDelivery({ orderId, readyBy }));
    } else if (kitchen.TicketReadyForPickup.is(envelope)) {
      const { orderId, readyForPickupAt } = envelope.payload;
      await withExistingDelivery(orderId, () => deps.application(ctx).commands.markFoodReady({ orderId, readyForPickupAt }));
    } else if (kitchen.TicketCancelled.is(envelope)) {
      await cancelOnEvent(deps, ctx, envelope.payload.orderId);
    }
  });
}

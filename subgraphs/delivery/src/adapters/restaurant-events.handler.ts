import { consumerName, type MessageHandler, onEvent, type SubscriptionSpec } from '@ftgo/infra';
import { type Naming, restaurant } from '@ftgo/schema';
import type { DeliveryHandlerDeps } from './event-reactions.js';

const SUBSCRIPTION = { service: 'delivery', name: 'restaurant-events' } as const;

export const restaurantEventsSubscription = (naming: Naming): SubscriptionSpec => ({
  ...SUBSCRIPTION,
  subject: naming.eventFilter('restaurant', restaurant.AGGREGATE),
  ordered: true,
});

/** RestaurantCreated / RestaurantMenuRevised → the full-state replica (DOMAIN §2.2: delivery keeps the address). */
export function restaurantEventsHandler(deps: DeliveryHandlerDeps): MessageHandler {
  return onEvent({ db: deps.db, schema: deps.schema, consumer: consumerName(SUBSCRIPTION) }, async (ctx) => {
    const { envelope } = ctx;
    if (!restaurant.RestaurantCreated.is(envelope) && !restaurant.RestaurantMenuRevised.is(envelope)) return;
    if (envelope.aggregateVersion === null) throw new Error(`${envelope.type} ${envelope.id} has no aggregate version`);
    const { restaurantId, name, address } = envelope.payload;
    await deps.application(ctx).commands.recordRestaurant({ restaurantId, name, address, version: envelope.aggregateVersion });
  });
}

import type { MessageHandler, SubscriptionSpec } from '@ftgo/infra';
import { type Naming, restaurant } from '@ftgo/schema';
import { type OrderHandlerDeps, reactionHandler } from './reaction-handler.js';

export const restaurantEventsSubscription = (naming: Naming): SubscriptionSpec => ({
  service: 'order',
  name: 'restaurant-events',
  subject: naming.eventFilter('restaurant', restaurant.AGGREGATE),
  ordered: true,
});

/** RestaurantCreated and RestaurantMenuRevised carry the full state: the replica takes it when newer (DOMAIN §0). */
export function restaurantEventsHandler(deps: OrderHandlerDeps, spec: SubscriptionSpec): MessageHandler {
  return reactionHandler(deps, spec, async (work, { envelope }) => {
    if (!restaurant.RestaurantCreated.is(envelope) && !restaurant.RestaurantMenuRevised.is(envelope)) return;
    const { restaurantId, name, menu } = envelope.payload;
    await deps.app.reactions.applyRestaurantState(work, { id: restaurantId, name, menu }, envelope.aggregateVersion ?? 0);
  });
}

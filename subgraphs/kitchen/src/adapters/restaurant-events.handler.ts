import { consumerName, type Database, type MessageHandler, onEvent, type SubscriptionSpec } from '@ftgo/infra';
import { type Envelope, type Naming, type PayloadOf, restaurant } from '@ftgo/schema';
import type { KitchenApplication } from '../application/kitchen-application.js';
import type { PgKitchenUnits } from './pg-kitchen-units.js';

/** Restaurant events, one restaurant's in version order. */
export const restaurantEventsSubscription = (naming: Naming): SubscriptionSpec => ({
  service: 'kitchen',
  name: 'restaurant-events',
  subject: naming.eventFilter('restaurant', restaurant.AGGREGATE),
  ordered: true,
});

export interface RestaurantEventsDeps {
  db: Database;
  schema: string;
  units: PgKitchenUnits;
  app: KitchenApplication;
}

type RestaurantState = Envelope<PayloadOf<typeof restaurant.RestaurantCreated>>;
const carriesRestaurant = (envelope: Envelope): envelope is RestaurantState =>
  restaurant.RestaurantCreated.is(envelope) || restaurant.RestaurantMenuRevised.is(envelope);

/** RestaurantCreated and RestaurantMenuRevised (full state) fold into `restaurant_replicas` by version (DOMAIN §0). */
export function restaurantEventsHandler({ db, schema, units, app }: RestaurantEventsDeps, naming: Naming): MessageHandler {
  const handle = onEvent({ db, schema, consumer: consumerName(restaurantEventsSubscription(naming)) }, async ({ tx, envelope, ids, context }) => {
    const { restaurantId, name, menu } = (envelope as RestaurantState).payload;
    await app.inbound.replicateRestaurant(units.in(tx, { ids, context }), { restaurantId, name, menu, version: versionOf(envelope) });
  });
  return async (delivery) => {
    if (carriesRestaurant(delivery.envelope)) await handle(delivery); // other restaurant events are not the kitchen's
  };
}

function versionOf(envelope: Envelope): number {
  if (envelope.aggregateVersion === null) throw new Error(`event ${envelope.id} (${envelope.type}) has no aggregate version`);
  return envelope.aggregateVersion;
}

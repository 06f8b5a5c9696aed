import { consumerName, type Database, type MessageHandler, onEvent, type SubscriptionSpec } from '@ftgo/infra';
import { delivery, type Envelope, type Naming, type PayloadOf } from '@ftgo/schema';
import type { KitchenApplication } from '../application/kitchen-application.js';
import type { PgKitchenUnits } from './pg-kitchen-units.js';

/** Delivery events, one delivery's in version order. */
export const deliveryEventsSubscription = (naming: Naming): SubscriptionSpec => ({
  service: 'kitchen',
  name: 'delivery-events',
  subject: naming.eventFilter('delivery', delivery.AGGREGATE),
  ordered: true,
});

export interface DeliveryEventsDeps {
  db: Database;
  schema: string;
  units: PgKitchenUnits;
  app: KitchenApplication;
}

type PickedUp = Envelope<PayloadOf<typeof delivery.DeliveryPickedUp>>;

/**
 * delivery.DeliveryPickedUp moves the order's ticket to PICKED_UP (DOMAIN §1.6); the inbox and the decider's state
 * guard make a duplicate harmless. A ticket not found yet is transient: redelivered, finally dead-lettered.
 */
export function deliveryEventsHandler({ db, schema, units, app }: DeliveryEventsDeps, naming: Naming): MessageHandler {
  const handle = onEvent({ db, schema, consumer: consumerName(deliveryEventsSubscription(naming)) }, async ({ tx, envelope, ids, context }) => {
    const { orderId, pickedUpAt } = (envelope as PickedUp).payload;
    await app.inbound.pickUpTicket(units.in(tx, { ids, context }), { orderId, pickedUpAt });
  });
  return async (message) => {
    if (delivery.DeliveryPickedUp.is(message.envelope)) await handle(message); // the kitchen reacts to nothing else
  };
}

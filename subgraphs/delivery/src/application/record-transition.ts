import type { DeliveryTransition } from '../domain/index.js';
import type { DeliveryStores } from './ports.js';

/**
 * Stores what a transition decided, in the caller's transaction: the delivery (when it changed),
 * the courier whose plan changed, and the event in the outbox at the delivery's new version.
 */
export async function recordTransition(
  stores: DeliveryStores,
  before: DeliveryTransition['delivery'],
  transition: DeliveryTransition,
  now: Date,
): Promise<void> {
  if (transition.delivery !== before) await stores.deliveries.update(transition.delivery);
  if (transition.courier) await stores.couriers.save(transition.courier);
  if (transition.event) await stores.events.publish(transition.delivery, transition.event, now);
}

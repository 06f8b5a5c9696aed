import type { Instant } from '@ftgo/schema';
import type { Delivery } from './delivery.js';
import { toInstant } from './instant.js';

/**
 * TicketReadyForPickup (DOMAIN §1.7): records readyForPickupAt, which `pickUp` requires. No event
 * and no version change (the version counts events). A repeat keeps the first time.
 */
export function markFoodReady(delivery: Delivery, readyForPickupAt: Instant): Delivery {
  if (delivery.readyForPickupAt !== null) return delivery;
  return { ...delivery, readyForPickupAt: toInstant(readyForPickupAt) };
}

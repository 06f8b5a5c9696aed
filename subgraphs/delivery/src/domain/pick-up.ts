import { FailedPrecondition, type Instant } from '@ftgo/schema';
import type { Courier } from './courier.js';
import { requireAssignedCourier } from './courier-check.js';
import { withoutActions } from './courier-plan.js';
import type { Delivery, DeliveryTransition } from './delivery.js';
import { toInstant } from './instant.js';

/**
 * `pickUpDelivery` (DOMAIN §1.7, §4.1): SCHEDULED and food ready → PICKED_UP at `now`, the PICKUP
 * action leaves the courier's plan, DeliveryPickedUp. The status check comes first.
 */
export function pickUp(delivery: Delivery, courier: Courier | null, now: Instant): DeliveryTransition {
  if (delivery.status !== 'SCHEDULED') throw new FailedPrecondition('delivery state does not allow action');
  if (delivery.readyForPickupAt === null) throw new FailedPrecondition('ticket is not ready for pickup');
  const assigned = requireAssignedCourier(delivery, courier);
  const pickedUpAt = toInstant(now);
  const pickedUp: Delivery = { ...delivery, status: 'PICKED_UP', pickedUpAt, version: delivery.version + 1 };
  return {
    delivery: pickedUp,
    courier: withoutActions(assigned, delivery.id, 'PICKUP'),
    event: { type: 'DeliveryPickedUp', data: { deliveryId: delivery.id, orderId: delivery.id, courierId: assigned.id, pickedUpAt } },
  };
}

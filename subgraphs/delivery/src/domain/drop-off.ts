import { FailedPrecondition, type Instant } from '@ftgo/schema';
import type { Courier } from './courier.js';
import { requireAssignedCourier } from './courier-check.js';
import { withoutActions } from './courier-plan.js';
import type { Delivery, DeliveryTransition } from './delivery.js';
import { toInstant } from './instant.js';

/**
 * `dropOffDelivery` (DOMAIN §1.7, §4.1): PICKED_UP → DELIVERED (terminal) at `now`, the DROPOFF
 * action leaves the courier's plan, DeliveryDelivered.
 */
export function dropOff(delivery: Delivery, courier: Courier | null, now: Instant): DeliveryTransition {
  if (delivery.status !== 'PICKED_UP') throw new FailedPrecondition('delivery state does not allow action');
  const assigned = requireAssignedCourier(delivery, courier);
  const deliveredAt = toInstant(now);
  const delivered: Delivery = { ...delivery, status: 'DELIVERED', deliveredAt, version: delivery.version + 1 };
  return {
    delivery: delivered,
    courier: withoutActions(assigned, delivery.id, 'DROPOFF'),
    event: { type: 'DeliveryDelivered', data: { deliveryId: delivery.id, orderId: delivery.id, courierId: assigned.id, deliveredAt } },
  };
}

import { FailedPrecondition } from '@ftgo/schema';
import type { Courier } from './courier.js';
import { requireAssignedCourier } from './courier-check.js';
import { withoutActions } from './courier-plan.js';
import { type Delivery, type DeliveryTransition, unchanged } from './delivery.js';

/**
 * OrderRejected or TicketCancelled (DOMAIN §1.7, §4.1): PENDING or SCHEDULED → CANCELLED
 * (terminal); the delivery's actions leave its courier's plan, the courier id stays. Pass the
 * assigned courier when `courierId` is set, else null. A CANCELLED delivery ignores the trigger;
 * PICKED_UP and DELIVERED refuse it.
 */
export function cancel(delivery: Delivery, courier: Courier | null): DeliveryTransition {
  if (delivery.status === 'CANCELLED') return unchanged(delivery);
  if (delivery.status !== 'PENDING' && delivery.status !== 'SCHEDULED') throw new FailedPrecondition('delivery state does not allow action');
  const cancelled: Delivery = { ...delivery, status: 'CANCELLED', version: delivery.version + 1 };
  return {
    delivery: cancelled,
    courier: delivery.courierId === null ? null : withoutActions(requireAssignedCourier(delivery, courier), delivery.id),
    event: { type: 'DeliveryCancelled', data: { deliveryId: delivery.id, orderId: delivery.id } },
  };
}

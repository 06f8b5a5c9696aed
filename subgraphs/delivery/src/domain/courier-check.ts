import type { Courier } from './courier.js';
import type { Delivery } from './delivery.js';

/** The application passes the delivery's own courier; anything else is a wiring bug, not a business rule. */
export function requireAssignedCourier(delivery: Delivery, courier: Courier | null): Courier {
  if (courier === null || courier.id !== delivery.courierId) {
    throw new Error(`courier ${courier?.id ?? 'null'} is not the courier of delivery ${delivery.id} (${delivery.courierId ?? 'none'})`);
  }
  return courier;
}

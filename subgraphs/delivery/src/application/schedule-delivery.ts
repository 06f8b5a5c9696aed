import { type Instant, NotFound } from '@ftgo/schema';
import { onTicketAccepted } from '../domain/index.js';
import type { DeliveryDeps } from './ports.js';
import { recordTransition } from './record-transition.js';
import { type DeliveryView, toDeliveryView } from './views.js';

export interface ScheduleDeliveryInput {
  orderId: string;
  readyBy: Instant;
}

/**
 * TicketAccepted (DOMAIN §1.7, §4.1): records readyBy and assigns the available courier with the
 * fewest actions (tie: smallest id), or leaves the delivery PENDING awaiting a courier. Courier
 * rows are locked under the assignment lock, so assignments never interleave. Unknown delivery →
 * NOT_FOUND `delivery not found`; a delivery that has seen it already is left as it is.
 */
export const scheduleDeliveryCommand =
  ({ uow, clock }: DeliveryDeps) =>
  (input: ScheduleDeliveryInput): Promise<DeliveryView> =>
    uow.run('scheduleDelivery', async (stores) => {
      const delivery = await stores.deliveries.find(input.orderId, { lock: true });
      if (!delivery) throw new NotFound('delivery not found');
      // State guard first, so a duplicate does not queue for the assignment lock.
      if (delivery.status !== 'PENDING' || delivery.readyBy !== null) return toDeliveryView(delivery);
      await stores.couriers.lockAssignment();
      const transition = onTicketAccepted(delivery, input.readyBy, await stores.couriers.available());
      await recordTransition(stores, delivery, transition, clock.now());
      return toDeliveryView(transition.delivery);
    });

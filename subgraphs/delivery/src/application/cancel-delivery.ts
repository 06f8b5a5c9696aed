import { NotFound } from '@ftgo/schema';
import { cancel } from '../domain/index.js';
import type { DeliveryDeps } from './ports.js';
import { recordTransition } from './record-transition.js';
import { type DeliveryView, toDeliveryView } from './views.js';

export interface CancelDeliveryInput {
  orderId: string;
}

/**
 * OrderRejected or TicketCancelled (DOMAIN §1.7, §4.1): PENDING or SCHEDULED → CANCELLED, the
 * delivery's actions leave its courier's plan (the courier id stays). A CANCELLED delivery ignores
 * it; PICKED_UP or DELIVERED → FAILED_PRECONDITION `delivery state does not allow action`.
 * Unknown delivery → NOT_FOUND `delivery not found`.
 */
export const cancelDeliveryCommand =
  ({ uow, clock }: DeliveryDeps) =>
  (input: CancelDeliveryInput): Promise<DeliveryView> =>
    uow.run('cancelDelivery', async (stores) => {
      const delivery = await stores.deliveries.find(input.orderId, { lock: true });
      if (!delivery) throw new NotFound('delivery not found');
      const courier = delivery.courierId === null ? null : await stores.couriers.find(delivery.courierId, { lock: true });
      const transition = cancel(delivery, courier);
      await recordTransition(stores, delivery, transition, clock.now());
      return toDeliveryView(transition.delivery);
    });

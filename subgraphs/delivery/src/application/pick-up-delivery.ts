import { NotFound } from '@ftgo/schema';
import { pickUp } from '../domain/index.js';
import type { DeliveryDeps } from './ports.js';
import { recordTransition } from './record-transition.js';
import { type DeliveryView, toDeliveryView } from './views.js';

export interface PickUpDeliveryInput {
  id: string;
  idempotencyKey?: string;
}

/**
 * `pickUpDelivery(id)` (DOMAIN §1.7, §4.1): SCHEDULED and food ready → PICKED_UP at now, the
 * PICKUP action leaves the plan, DeliveryPickedUp (kitchen moves the ticket to PICKED_UP).
 * NOT_FOUND `delivery not found`; FAILED_PRECONDITION `delivery state does not allow action`,
 * then `ticket is not ready for pickup`.
 */
export const pickUpDeliveryCommand =
  ({ uow, clock }: DeliveryDeps) =>
  ({ id, idempotencyKey }: PickUpDeliveryInput): Promise<DeliveryView> =>
    uow.run(
      'pickUpDelivery',
      async (stores) => {
        const delivery = await stores.deliveries.find(id, { lock: true });
        if (!delivery) throw new NotFound('delivery not found');
        const courier = delivery.courierId === null ? null : await stores.couriers.find(delivery.courierId, { lock: true });
        const now = clock.now();
        const transition = pickUp(delivery, courier, now.toISOString());
        await recordTransition(stores, delivery, transition, now);
        return toDeliveryView(transition.delivery);
      },
      { key: idempotencyKey, request: { id } },
    );

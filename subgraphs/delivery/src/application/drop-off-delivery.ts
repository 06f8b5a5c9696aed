import { NotFound } from '@ftgo/schema';
import { dropOff } from '../domain/index.js';
import type { DeliveryDeps } from './ports.js';
import { recordTransition } from './record-transition.js';
import { type DeliveryView, toDeliveryView } from './views.js';

export interface DropOffDeliveryInput {
  id: string;
  idempotencyKey?: string;
}

/**
 * `dropOffDelivery(id)` (DOMAIN §1.7, §4.1): PICKED_UP → DELIVERED at now, the DROPOFF action
 * leaves the plan, DeliveryDelivered. NOT_FOUND `delivery not found`; FAILED_PRECONDITION
 * `delivery state does not allow action`.
 */
export const dropOffDeliveryCommand =
  ({ uow, clock }: DeliveryDeps) =>
  ({ id, idempotencyKey }: DropOffDeliveryInput): Promise<DeliveryView> =>
    uow.run(
      'dropOffDelivery',
      async (stores) => {
        const delivery = await stores.deliveries.find(id, { lock: true });
        if (!delivery) throw new NotFound('delivery not found');
        const courier = delivery.courierId === null ? null : await stores.couriers.find(delivery.courierId, { lock: true });
        const now = clock.now();
        const transition = dropOff(delivery, courier, now.toISOString());
        await recordTransition(stores, delivery, transition, now);
        return toDeliveryView(transition.delivery);
      },
      { key: idempotencyKey, request: { id } },
    );

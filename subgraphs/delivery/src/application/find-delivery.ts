import type { DeliveryDeps } from './ports.js';
import { type DeliveryView, toDeliveryView } from './views.js';

/** `delivery(id)`: null for an unknown or malformed id (DOMAIN §0). */
export const findDeliveryQuery =
  ({ uow }: DeliveryDeps) =>
  (id: string): Promise<DeliveryView | null> =>
    uow.read(async ({ deliveries }) => {
      const delivery = await deliveries.find(id);
      return delivery && toDeliveryView(delivery);
    });

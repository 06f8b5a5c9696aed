import type { DeliveryDeps } from './ports.js';
import { type CourierView, toCourierView } from './views.js';

/** `courier(id)`: null for an unknown id (DOMAIN §0). */
export const findCourierQuery =
  ({ uow }: DeliveryDeps) =>
  (id: string): Promise<CourierView | null> =>
    uow.read(async ({ couriers }) => {
      const courier = await couriers.find(id);
      return courier && toCourierView(courier);
    });

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

/** For a DataLoader (`Delivery.courier`): one view (or null: unknown) per id, in the order of `ids`, in one query. */
export const findCouriersByIdsQuery =
  ({ uow }: DeliveryDeps) =>
  (ids: readonly string[]): Promise<(CourierView | null)[]> =>
    uow.read(async ({ couriers }) => {
      const found = new Map((await couriers.findMany(ids)).map((c) => [c.id, toCourierView(c)]));
      return ids.map((id) => found.get(id) ?? null);
    });

import type { DeliveryDeps } from './ports.js';
import { type DeliveryView, toDeliveryView } from './views.js';

/** For a DataLoader: one view (or null: unknown, malformed) per id, in the order of `ids`, in one query. */
export const findDeliveriesByIdsQuery =
  ({ uow }: DeliveryDeps) =>
  (ids: readonly string[]): Promise<(DeliveryView | null)[]> =>
    uow.read(async ({ deliveries }) => {
      const found = new Map((await deliveries.findMany(ids)).map((d) => [d.id, toDeliveryView(d)]));
      return ids.map((id) => found.get(id.toLowerCase()) ?? null);
    });

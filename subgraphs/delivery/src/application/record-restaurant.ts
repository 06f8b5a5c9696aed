import type { Address } from '@ftgo/schema';
import type { DeliveryDeps } from './ports.js';

export interface RecordRestaurantInput {
  restaurantId: string;
  name: string;
  address: Address;
  /** The source aggregate version (the event's). */
  version: number;
}

/**
 * RestaurantCreated / RestaurantMenuRevised: both carry the full state, so the replica applies any
 * version newer than its own (DOMAIN §0 folding, full-state copies). True when applied.
 */
export const recordRestaurantCommand =
  ({ uow }: DeliveryDeps) =>
  (input: RecordRestaurantInput): Promise<boolean> =>
    uow.run('recordRestaurant', (stores) =>
      stores.restaurants.applyIfNewer({ restaurantId: input.restaurantId, name: input.name, address: input.address }, input.version),
    );

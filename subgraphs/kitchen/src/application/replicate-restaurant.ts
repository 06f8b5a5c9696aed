import type { PayloadOf, restaurant } from '@ftgo/schema';
import type { KitchenUnit } from './ports.js';

export type ReplicateRestaurantInput = Pick<PayloadOf<typeof restaurant.RestaurantCreated>, 'restaurantId' | 'name' | 'menu'> & { version: number };

/**
 * restaurant.RestaurantCreated / RestaurantMenuRevised (DOMAIN §1.1, §4.2): both carry the full state, so the
 * replica takes any newer version and ignores an older or equal one (DOMAIN §0, full-state copies).
 * Placed tickets keep their line names; only new tickets see a revised menu. Returns whether it applied.
 */
export async function replicateRestaurant(unit: KitchenUnit, { restaurantId, name, menu, version }: ReplicateRestaurantInput): Promise<boolean> {
  return unit.restaurants.saveIfNewer({ restaurantId, name, menu: menu.map(({ id, name, price }) => ({ id, name, price })), version });
}

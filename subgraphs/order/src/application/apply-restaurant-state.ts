import { fullStateVerdict, type RestaurantMenu } from '../domain/index.js';
import type { Work } from './ports.js';

/**
 * DOMAIN §1.4, §4.2: RestaurantCreated and RestaurantMenuRevised carry the full state, so the replica takes
 * any version newer than its own (DOMAIN §0); a duplicate or an older event changes nothing.
 */
export function applyRestaurantState() {
  return async (work: Work, restaurant: RestaurantMenu, version: number): Promise<void> => {
    const current = await work.restaurants.find(restaurant.id);
    if (fullStateVerdict(current?.version ?? 0, version) === 'apply') await work.restaurants.save({ ...restaurant, version });
  };
}

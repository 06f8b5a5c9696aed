import type { RestaurantReads } from './ports.js';
import { type RestaurantView, toRestaurantView } from './restaurant-view.js';

/** `restaurant(id)`: null for an unknown or malformed id (DOMAIN §0). */
export const getRestaurant =
  (deps: { reads: RestaurantReads }) =>
  async (id: string): Promise<RestaurantView | null> => {
    const restaurant = await deps.reads.byId(id);
    return restaurant ? toRestaurantView(restaurant) : null;
  };

/** Entity references in one batch (a DataLoader per request): one answer per id, in order, null when unknown. */
export const getRestaurants =
  (deps: { reads: RestaurantReads }) =>
  async (ids: readonly string[]): Promise<(RestaurantView | null)[]> => {
    const found = new Map((await deps.reads.byIds(ids)).map((r) => [r.id, toRestaurantView(r)]));
    return ids.map((id) => found.get(id.toLowerCase()) ?? null);
  };

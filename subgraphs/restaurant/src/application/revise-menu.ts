import { type MenuItem, NotFound } from '@ftgo/schema';
import { reviseMenu as decideRevision } from '../domain/index.js';
import type { Clock, Mutations } from './ports.js';
import { type RestaurantView, toRestaurantView } from './restaurant-view.js';

export interface ReviseMenuInput {
  id: string;
  menu: MenuItem[];
  idempotencyKey?: string;
}

/**
 * DOMAIN §1.4 `reviseMenu`: an unknown (or malformed) id answers NOT_FOUND before the menu rules
 * (DOMAIN §0: a command on an existing entity); the whole menu is replaced, version + 1, and
 * RestaurantMenuRevised carries the full state.
 */
export const reviseMenu =
  (deps: { mutations: Mutations; clock: Clock }) =>
  ({ idempotencyKey, ...request }: ReviseMenuInput): Promise<RestaurantView> =>
    deps.mutations.run('reviseMenu', idempotencyKey, request, async (restaurants) => {
      const restaurant = await restaurants.findForUpdate(request.id);
      if (!restaurant) throw new NotFound('restaurant not found');
      const change = decideRevision(restaurant, request.menu, deps.clock.now().toISOString());
      await restaurants.save(change);
      return toRestaurantView(change.restaurant);
    });

import type { Address, MenuItem } from '@ftgo/schema';
import { createRestaurant as decideCreate } from '../domain/index.js';
import type { Clock, IdGenerator, Mutations } from './ports.js';
import { type RestaurantView, toRestaurantView } from './restaurant-view.js';

export interface CreateRestaurantInput {
  name: string;
  address: Address;
  menu: MenuItem[];
  idempotencyKey?: string;
}

/** DOMAIN §1.4 `createRestaurant`: validated (name, address, menu), stored at version 1 with RestaurantCreated. */
export const createRestaurant =
  (deps: { mutations: Mutations; clock: Clock; ids: IdGenerator }) =>
  ({ idempotencyKey, ...request }: CreateRestaurantInput): Promise<RestaurantView> =>
    deps.mutations.run('createRestaurant', idempotencyKey, request, async (restaurants) => {
      const change = decideCreate(deps.ids.newId(), request, deps.clock.now().toISOString());
      await restaurants.save(change);
      return toRestaurantView(change.restaurant);
    });

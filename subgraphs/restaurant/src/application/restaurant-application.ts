import { createRestaurant } from './create-restaurant.js';
import { getRestaurant, getRestaurants } from './get-restaurant.js';
import { listRestaurants } from './list-restaurants.js';
import type { Clock, IdGenerator, Mutations, RestaurantReads } from './ports.js';
import { reviseMenu } from './revise-menu.js';

export interface RestaurantApplicationDeps {
  mutations: Mutations;
  reads: RestaurantReads;
  clock: Clock;
  ids: IdGenerator;
}

export function createRestaurantApplication(deps: RestaurantApplicationDeps) {
  return {
    commands: {
      createRestaurant: createRestaurant(deps),
      reviseMenu: reviseMenu(deps),
    },
    queries: {
      restaurant: getRestaurant(deps),
      restaurantsByIds: getRestaurants(deps),
      restaurants: listRestaurants(deps),
    },
  };
}

export type RestaurantApplication = ReturnType<typeof createRestaurantApplication>;

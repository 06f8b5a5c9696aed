import { event } from '../message.js';
import type { Address, MenuItem, Occurred } from './common.js';

const SERVICE = 'restaurant';
export const AGGREGATE = 'Restaurant';

/** Both events carry the full state, so a replica can apply any later version (DOMAIN §2.2). */
export interface RestaurantState {
  restaurantId: string;
  name: string;
  address: Address;
  menu: MenuItem[];
}
export const RestaurantCreated = event<RestaurantState & Occurred>(SERVICE, AGGREGATE, 'RestaurantCreated');
export const RestaurantMenuRevised = event<RestaurantState & Occurred>(SERVICE, AGGREGATE, 'RestaurantMenuRevised');

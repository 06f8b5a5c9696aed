import { type Address, BadUserInput, type Instant, type MenuItem } from '@ftgo/schema';
import { validateAddress } from './address.js';
import { validateMenu } from './menu.js';
import { type RestaurantEvent, restaurantCreated, restaurantMenuRevised } from './restaurant-events.js';

/** A row of `restaurant.restaurants` (DOMAIN §1.4). Name and address never change. */
export interface Restaurant {
  id: string;
  name: string;
  address: Address;
  menu: MenuItem[];
  /** Row version = aggregate version of its events: 1 on creation, +1 per menu revision (DOMAIN §0). */
  version: number;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface NewRestaurantInput {
  name: string;
  address: Address;
  menu: readonly MenuItem[];
}

/** The validated, trimmed content of a new restaurant. */
export interface NewRestaurant {
  name: string;
  address: Address;
  menu: MenuItem[];
}

/** What a command decided: the state to store and the event to publish with it. */
export interface RestaurantChange {
  restaurant: Restaurant;
  event: RestaurantEvent;
}

/** DOMAIN §1.4 `createRestaurant` checks, in order: name, address (§0), menu. */
export function validateNewRestaurant(input: NewRestaurantInput): NewRestaurant {
  if (typeof input.name !== 'string' || input.name.trim() === '') throw new BadUserInput('restaurant name must not be blank');
  const address = validateAddress(input.address);
  const menu = validateMenu(input.menu);
  return { name: input.name.trim(), address, menu };
}

/** `createRestaurant`: a new restaurant at version 1 and its RestaurantCreated. */
export function createRestaurant(id: string, input: NewRestaurantInput, now: Instant): RestaurantChange {
  const valid = validateNewRestaurant(input);
  const restaurant: Restaurant = { id, ...valid, version: 1, createdAt: now, updatedAt: now };
  return { restaurant, event: restaurantCreated(restaurant) };
}

/** `reviseMenu`: DOMAIN §1.4 replaces the whole menu (add, rename, reprice, remove); version + 1. */
export function reviseMenu(restaurant: Restaurant, menu: readonly MenuItem[], now: Instant): RestaurantChange {
  const revised: Restaurant = { ...restaurant, menu: validateMenu(menu), version: restaurant.version + 1, updatedAt: now };
  return { restaurant: revised, event: restaurantMenuRevised(revised) };
}

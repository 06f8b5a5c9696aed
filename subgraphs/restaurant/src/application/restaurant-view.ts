import type { Address, MenuItem } from '@ftgo/schema';
import type { Restaurant } from '../domain/index.js';

/** What the API shows of a restaurant (API.graphql `Restaurant`, without `tickets`). JSON-safe. */
export interface RestaurantView {
  id: string;
  name: string;
  address: Address;
  menu: MenuItem[];
}

export const toRestaurantView = (r: Restaurant): RestaurantView => ({
  id: r.id,
  name: r.name,
  address: {
    street1: r.address.street1,
    street2: r.address.street2 ?? null,
    city: r.address.city,
    state: r.address.state,
    zip: r.address.zip,
  },
  menu: r.menu.map((item) => ({ id: item.id, name: item.name, price: item.price })),
});

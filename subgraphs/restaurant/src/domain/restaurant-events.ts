import type { DomainEvent, restaurant } from '@ftgo/schema';

export type RestaurantCreatedEvent = DomainEvent<typeof restaurant.RestaurantCreated, 'RestaurantCreated'>;
export type RestaurantMenuRevisedEvent = DomainEvent<typeof restaurant.RestaurantMenuRevised, 'RestaurantMenuRevised'>;
export type RestaurantEvent = RestaurantCreatedEvent | RestaurantMenuRevisedEvent;

interface RestaurantContent {
  id: string;
  name: string;
  address: RestaurantCreatedEvent['data']['address'];
  menu: RestaurantCreatedEvent['data']['menu'];
}

// DOMAIN §2.2: both events carry the full state, so a replica can apply any later version.
const fullState = (r: RestaurantContent): RestaurantCreatedEvent['data'] => ({
  restaurantId: r.id,
  name: r.name,
  address: { ...r.address },
  menu: r.menu.map((item) => ({ ...item })),
});

export const restaurantCreated = (r: RestaurantContent): RestaurantCreatedEvent => ({ type: 'RestaurantCreated', data: fullState(r) });

export const restaurantMenuRevised = (r: RestaurantContent): RestaurantMenuRevisedEvent => ({ type: 'RestaurantMenuRevised', data: fullState(r) });

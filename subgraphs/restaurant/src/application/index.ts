export type { CreateRestaurantInput } from './create-restaurant.js';
export type { ListRestaurantsInput } from './list-restaurants.js';
export type * from './ports.js';
export * from './restaurant-application.js';
export { isRestaurantId } from './restaurant-id.js';
export * from './restaurant-view.js';
export type { ReviseMenuInput } from './revise-menu.js';

export * from './address.js';
export * from './cursor.js';
export * from './menu.js';
export * from './restaurant.js';
export * from './restaurant-events.js';
export * from './restaurant-page.js';

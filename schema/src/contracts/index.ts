export * as accounting from './accounting.js';
export type * from './common.js';
export * as consumer from './consumer.js';
export * as delivery from './delivery.js';
export * as kitchen from './kitchen.js';
export * as order from './order.js';
export * as restaurant from './restaurant.js';
export * as saga from './saga.js';

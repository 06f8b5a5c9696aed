export * from './order-application.js';
export type * from './order-view.js';
export type * from './ports.js';
export * from './saga-view.js';

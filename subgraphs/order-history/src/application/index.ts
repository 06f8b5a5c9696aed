export type { OrderHistoryInput, OrderHistoryPageArgs } from './get-order-history.js';
export * from './order-history-application.js';
export * from './order-history-view.js';
export type * from './ports.js';
export type { ProjectOrderEventInput } from './project-order-event.js';
export { rebuildSubscription } from './rebuild.js';

export * from './application/index.js';
export * from './domain/index.js';
export { orderHistorySchema } from './graphql/schema.js';
export * from './service.js';

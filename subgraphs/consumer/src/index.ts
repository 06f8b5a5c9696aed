export * from './application/index.js';
export * from './domain/index.js';
export * from './service.js';
export * from './graphql/schema.js';

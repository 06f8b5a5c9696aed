export * from './application/index.js';
export * from './domain/index.js';
export * from './graphql/schema.js';
export * from './service.js';

export * from './context.js';
export * from './errors.js';
export * from './shared-types.js';
export * from './subgraph-schema.js';
export * from './subgraph-server.js';

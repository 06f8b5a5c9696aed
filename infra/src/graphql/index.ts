// Decorators below need the polyfill before any type class is evaluated.
import 'reflect-metadata';

export * from './context.js';
export * from './errors.js';
export * from './shared-types.js';
export * from './subgraph-schema.js';
export * from './subgraph-server.js';

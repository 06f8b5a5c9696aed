export * from './contracts/index.js';
export * from './envelope.js';
export * from './errors.js';
export * from './ids.js';
export * from './message.js';
export * from './naming.js';
export * from './partition.js';

export * from './channel.js';
export * from './engine.js';
export * from './metrics.js';
export * from './resume.js';
export * from './transports.js';

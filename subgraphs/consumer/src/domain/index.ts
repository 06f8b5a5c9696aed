export * from './address.js';
export * from './consumer.js';
export * from './consumer-commands.js';
export * from './consumer-events.js';
export * from './consumer-lookup.js';
export * from './decide.js';
export * from './messages.js';
export * from './validate-order-by-consumer.js';

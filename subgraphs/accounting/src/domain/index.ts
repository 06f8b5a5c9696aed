export * from './account.js';
export * from './account-commands.js';
export * from './account-events.js';
export * from './account-lookup.js';
export * from './accounting-reply.js';
export * from './decide.js';
export * from './messages.js';

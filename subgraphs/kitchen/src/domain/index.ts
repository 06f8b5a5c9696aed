export * from './decide.js';
export * from './evolve.js';
export * from './ticket.js';
export * from './ticket-command.js';
export * from './ticket-decider.js';
export * from './ticket-event.js';
export * from './ticket-refusals.js';

export * from './decider-spec.js';
export * from './environment.js';

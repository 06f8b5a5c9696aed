export * from './broker-state.js';
export * from './decider-spec.js';
export * from './environment.js';

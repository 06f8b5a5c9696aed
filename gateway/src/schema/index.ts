export * from './compose.js';
export * from './contract.js';
export * from './files.js';
export * from './sources.js';

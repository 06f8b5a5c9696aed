export { isAccountId } from './account-id.js';
export type * from './account-view.js';
export * from './accounting-application.js';
export type * from './authorization-input.js';
export type { AuthorizeAttempt } from './authorize-order.js';
export type { CreateAccountInput } from './create-account.js';
export type * from './mutation-options.js';
export type * from './ports.js';

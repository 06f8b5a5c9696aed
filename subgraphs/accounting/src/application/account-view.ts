import { type AuthorizationState, authorizationsNewestFirst, type ExistingAccount } from '../domain/index.js';

/** API `Authorization`; `at` = the latest change, ISO-8601 with milliseconds. */
export interface AuthorizationView {
  orderId: string;
  amount: number;
  state: AuthorizationState;
  at: string;
}

/** API `Account` (the accounting subgraph's fields); JSON-safe, so an idempotent replay returns the same shape. */
export interface AccountView {
  /** = the consumer id */
  id: string;
  enabled: boolean;
  /** Newest `authorizedAt` first (DOMAIN §1.3). */
  authorizations: AuthorizationView[];
}

export const accountView = (account: ExistingAccount): AccountView => ({
  id: account.accountId,
  enabled: account.status === 'ENABLED',
  authorizations: authorizationsNewestFirst(account).map(({ orderId, amount, state, at }) => ({
    orderId,
    amount,
    state,
    at: new Date(at).toISOString(),
  })),
});

import type { Instant } from '@ftgo/schema';
import type { AccountEvent } from './account-events.js';

export type AuthorizationState = 'AUTHORIZED' | 'REVISED' | 'REVERSED';

/** One hold per order (DOMAIN §1.3); `at` = the latest change. */
export interface Authorization {
  orderId: string;
  amount: number;
  state: AuthorizationState;
  authorizedAt: Instant;
  at: Instant;
}

/** The Account aggregate (DOMAIN §1.3); `authorizations` in the order they were made (see `authorizationsNewestFirst`). */
export type Account =
  | { status: 'NEW' }
  | {
      status: 'ENABLED' | 'DISABLED';
      accountId: string;
      name: string;
      authorizations: readonly Authorization[];
    };

export type ExistingAccount = Extract<Account, { status: 'ENABLED' | 'DISABLED' }>;

export const initialState = (): Account => ({ status: 'NEW' });

const change = (account: ExistingAccount, orderId: string, patch: Partial<Authorization>): ExistingAccount => ({
  ...account,
  authorizations: account.authorizations.map((authorization) => (authorization.orderId === orderId ? { ...authorization, ...patch } : authorization)),
});

export function evolve(account: Account, event: AccountEvent): Account {
  if (account.status === 'NEW') {
    if (event.type !== 'AccountCreated') return account;
    return { status: 'ENABLED', accountId: event.data.accountId, name: event.data.name, authorizations: [] };
  }
  switch (event.type) {
    case 'AccountCreated':
      return account;
    case 'AccountDisabled':
      return { ...account, status: 'DISABLED' };
    case 'AccountEnabled':
      return { ...account, status: 'ENABLED' };
    case 'OrderAuthorized': {
      const { orderId, amount, occurredAt } = event.data;
      const authorization: Authorization = { orderId, amount, state: 'AUTHORIZED', authorizedAt: occurredAt, at: occurredAt };
      return { ...account, authorizations: [...account.authorizations, authorization] };
    }
    case 'AuthorizationRevised':
      return change(account, event.data.orderId, { amount: event.data.amount, state: 'REVISED', at: event.data.occurredAt });
    case 'AuthorizationReversed':
      return change(account, event.data.orderId, { state: 'REVERSED', at: event.data.occurredAt });
    default:
      // An event type this version does not know (a later version wrote it): folding ignores it.
      return account;
  }
}

import { NotFound } from '@ftgo/schema';
import type { Account, Authorization, ExistingAccount } from './account.js';
import { ACCOUNTING_MESSAGES } from './messages.js';

/** The account, else NOT_FOUND `account not found` (DOMAIN §1.3). */
export function requireAccount(account: Account): ExistingAccount {
  if (account.status === 'NEW') throw new NotFound(ACCOUNTING_MESSAGES.accountNotFound);
  return account;
}

/** The order's authorization, or `undefined`. */
export const findAuthorization = (account: ExistingAccount, orderId: string): Authorization | undefined =>
  account.authorizations.find((authorization) => authorization.orderId === orderId);

/** The order's authorization, else NOT_FOUND `authorization not found` (a FAILURE reply in a saga). */
export function requireAuthorization(account: ExistingAccount, orderId: string): Authorization {
  const authorization = findAuthorization(account, orderId);
  if (!authorization) throw new NotFound(ACCOUNTING_MESSAGES.authorizationNotFound);
  return authorization;
}

/**
 * `Account.authorizations` (DOMAIN §1.3): newest `authorizedAt` first; equal times, the later authorization first.
 * Times are compared as instants, not as strings, so `…Z` and `…+00:00` order correctly.
 */
export function authorizationsNewestFirst(account: ExistingAccount): Authorization[] {
  return [...account.authorizations].reverse().sort((a, b) => Date.parse(b.authorizedAt) - Date.parse(a.authorizedAt));
}

import type { Instant } from '@ftgo/schema';

/**
 * DOMAIN §1.3. `accountId` = the consumer id (the saga commands' `consumerId`); `amount` = the command's
 * `orderTotal` in cents; `now` = the application clock, recorded as the authorization's `authorizedAt`/`at`.
 */
export type CreateAccount = { type: 'CreateAccount'; data: { accountId: string; name: string } };
export type DisableAccount = { type: 'DisableAccount'; data: { accountId: string } };
export type EnableAccount = { type: 'EnableAccount'; data: { accountId: string } };
export type AuthorizeOrder = { type: 'AuthorizeOrder'; data: { accountId: string; orderId: string; amount: number; now: Instant } };
export type ReviseAuthorizeOrder = { type: 'ReviseAuthorizeOrder'; data: { accountId: string; orderId: string; amount: number; now: Instant } };
export type ReverseAuthorizeOrder = { type: 'ReverseAuthorizeOrder'; data: { accountId: string; orderId: string; now: Instant } };

export type AccountCommand = CreateAccount | DisableAccount | EnableAccount | AuthorizeOrder | ReviseAuthorizeOrder | ReverseAuthorizeOrder;

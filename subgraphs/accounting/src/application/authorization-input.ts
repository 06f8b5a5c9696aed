import type { accounting } from '@ftgo/schema';

/** Payload of AuthorizeOrder, ReviseAuthorizeOrder (orderTotal = the new total) and ReverseAuthorizeOrder (DOMAIN §2.3). */
export type AuthorizationInput = accounting.AuthorizationCommand;

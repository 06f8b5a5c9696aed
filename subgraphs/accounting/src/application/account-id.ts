import { isUuid, NotFound } from '@ftgo/schema';
import { ACCOUNTING_MESSAGES } from '../domain/index.js';

/**
 * Account id = consumer id, a UUID (DOMAIN §0); anything else is an unknown id, answered without a lookup
 * (null for a query, NOT_FOUND for a command), never a database error.
 */
export const isAccountId = (id: unknown): id is string => isUuid(id);

/** The id of an account that may exist, else NOT_FOUND `account not found`. */
export function requireAccountId(id: unknown): string {
  if (!isAccountId(id)) throw new NotFound(ACCOUNTING_MESSAGES.accountNotFound);
  return id;
}

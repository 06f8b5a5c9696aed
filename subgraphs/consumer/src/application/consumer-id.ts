import { isUuid, NotFound } from '@ftgo/schema';
import { CONSUMER_MESSAGES } from '../domain/index.js';

/**
 * Consumer ids are UUIDs (DOMAIN §0); anything else is an unknown id, answered without a lookup
 * (null for a query, NOT_FOUND for a command), never a database error.
 */
export const isConsumerId = (id: unknown): id is string => isUuid(id);

/** The id of a consumer that may exist, else NOT_FOUND `consumer not found`. */
export function requireConsumerId(id: unknown): string {
  if (!isConsumerId(id)) throw new NotFound(CONSUMER_MESSAGES.consumerNotFound);
  return id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * DOMAIN §0: ids minted by the services are UUIDs, and a malformed id is an unknown id (null for a query,
 * NOT_FOUND for a mutation), never a database error; so a uuid column is only ever queried with a UUID.
 */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

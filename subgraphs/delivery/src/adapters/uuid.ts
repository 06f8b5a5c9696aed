const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** DOMAIN §0: a malformed id is an unknown id, so a uuid column is only queried with a UUID. */
export const isUuid = (value: string): boolean => UUID.test(value);

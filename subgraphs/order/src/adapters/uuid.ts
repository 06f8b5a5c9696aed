const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** DOMAIN §0: a malformed id is an unknown id, never a database error; check before querying a uuid column. */
export const isUuid = (id: string): boolean => UUID.test(id);

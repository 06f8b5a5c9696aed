/** DOMAIN §0: restaurant ids are UUIDs issued by this service; anything else names no restaurant. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isRestaurantId = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);

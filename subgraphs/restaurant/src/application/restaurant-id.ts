import { isUuid } from '@ftgo/schema';
/** DOMAIN §0: restaurant ids are UUIDs issued by this service; anything else names no restaurant. */
export const isRestaurantId = (id: unknown): id is string => isUuid(id);

/** Value types shared by several contracts (DOMAIN §0). Times travel as ISO-8601 strings. */
export interface Address {
  street1: string;
  street2?: string | null;
  city: string;
  state: string;
  zip: string;
}

export interface MenuItem {
  id: string;
  name: string;
  /** cents, > 0 */
  price: number;
}

export interface MenuItemQuantity {
  menuItemId: string;
  quantity: number;
}

/** ISO-8601 with milliseconds, UTC. */
export type Instant = string;

/** Every event payload carries when it happened (DOMAIN §0). */
export interface Occurred {
  occurredAt: Instant;
}

/** DOMAIN §6: the demo data the README journey starts from. */

export const DEMO_RESTAURANT = {
  name: 'Ajanta',
  address: { street1: '1 Main Street', city: 'Oakland', state: 'CA', zip: '94611' },
  menu: [
    { id: 'item1', name: 'Chicken Vindaloo', price: 1299 },
    { id: 'item2', name: 'Chicken Tikka Masala', price: 1499 },
    { id: 'item3', name: 'Garlic Naan', price: 399 },
  ],
} as const;

export const DEMO_CONSUMER = {
  name: 'Able Anders',
  addressId: 'Home',
  address: { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' },
} as const;

export const DEMO_COURIER_ID = 'courier-1';

/** The journey's order: `item1` × 2 + `item3` × 1 to "Home" → 2997. */
export const DEMO_ORDER_LINE_ITEMS = [
  { menuItemId: 'item1', quantity: 2 },
  { menuItemId: 'item3', quantity: 1 },
] as const;
export const DEMO_ORDER_TOTAL = 2997;

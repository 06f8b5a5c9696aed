import { BadUserInput, type MenuItem, type MenuItemQuantity, NotFound } from '@ftgo/schema';
import type { OrderLineItem } from './order-state.js';

/**
 * DOMAIN §1.5 createOrder, the line-item checks in table order; each check looks at every
 * line before the next one runs, so `quantity` beats `duplicate` wherever the lines sit.
 */
export function validateRequestedLineItems(lineItems: readonly MenuItemQuantity[]): void {
  if (lineItems.length === 0) throw new BadUserInput('an order must have at least one line item');
  if (lineItems.some((line) => line.quantity < 1)) throw new BadUserInput('quantity must be at least 1');
  if (hasDuplicateMenuItem(lineItems)) throw new BadUserInput('duplicate menu item in line items');
}

/** Lines copy name and price from the menu at ordering time (DOMAIN §7 "line item"), in input order. */
export function priceLineItems(lineItems: readonly MenuItemQuantity[], menu: readonly MenuItem[]): OrderLineItem[] {
  const byId = new Map(menu.map((item) => [item.id, item]));
  return lineItems.map(({ menuItemId, quantity }) => {
    const item = byId.get(menuItemId);
    if (!item) throw new NotFound(`${menuItemId}: menu item not found`);
    return { menuItemId, name: item.name, price: item.price, quantity };
  });
}

export function hasDuplicateMenuItem(lineItems: readonly MenuItemQuantity[]): boolean {
  return new Set(lineItems.map((line) => line.menuItemId)).size !== lineItems.length;
}

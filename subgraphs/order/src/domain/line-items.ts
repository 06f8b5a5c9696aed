import { BadUserInput, type MenuItem, type MenuItemQuantity, NotFound } from '@ftgo/schema';
import { ORDER_MESSAGES } from './messages.js';
import type { OrderLineItem } from './order-state.js';

/**
 * DOMAIN §1.5 createOrder, the line-item checks in table order; each check looks at every
 * line before the next one runs, so `quantity` beats `duplicate` wherever the lines sit.
 */
export function validateRequestedLineItems(lineItems: readonly MenuItemQuantity[]): void {
  if (lineItems.length === 0) throw new BadUserInput(ORDER_MESSAGES.noLineItems);
  if (lineItems.some((line) => line.quantity < 1)) throw new BadUserInput(ORDER_MESSAGES.quantityBelowOne);
  if (hasDuplicateMenuItem(lineItems)) throw new BadUserInput(ORDER_MESSAGES.duplicateMenuItem);
}

/** Lines copy name and price from the menu at ordering time (DOMAIN §7 "line item"), in input order. */
export function priceLineItems(lineItems: readonly MenuItemQuantity[], menu: readonly MenuItem[]): OrderLineItem[] {
  const byId = new Map(menu.map((item) => [item.id, item]));
  return lineItems.map(({ menuItemId, quantity }) => {
    const item = byId.get(menuItemId);
    if (!item) throw new NotFound(ORDER_MESSAGES.menuItemNotFound(menuItemId));
    return { menuItemId, name: item.name, price: item.price, quantity };
  });
}

export function hasDuplicateMenuItem(lineItems: readonly MenuItemQuantity[]): boolean {
  return new Set(lineItems.map((line) => line.menuItemId)).size !== lineItems.length;
}

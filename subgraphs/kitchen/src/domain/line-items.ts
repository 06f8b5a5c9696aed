import { BadUserInput, type kitchen, type MenuItem, type MenuItemQuantity, NotFound } from '@ftgo/schema';

/** CreateTicket: every line must be on the replica's menu (DOMAIN §1.6); the first missing id is reported. */
export function requireOnMenu(lineItems: kitchen.TicketLineItem[], menu: Pick<MenuItem, 'id'>[]): void {
  const onMenu = new Set(menu.map((item) => item.id));
  const missing = lineItems.find((line) => !onMenu.has(line.menuItemId));
  if (missing) throw new NotFound(`${missing.menuItemId}: menu item not found`);
}

/**
 * A revision may only change existing lines (DOMAIN §1.6). BAD_USER_INPUT, as the order service's reviseOrder
 * reports the same message (§1.5); in a saga only the message travels, as the FAILURE reason.
 */
export function requireTicketLines(revisedQuantities: MenuItemQuantity[], lineItems: kitchen.TicketLineItem[]): void {
  const lines = new Set(lineItems.map((line) => line.menuItemId));
  const missing = revisedQuantities.find((revised) => !lines.has(revised.menuItemId));
  if (missing) throw new BadUserInput(`${missing.menuItemId}: line item not found`);
}

/** Only the listed lines change; a line revised to 0 stays listed (as on the order, DOMAIN §1.5). */
export function withRevisedQuantities(lineItems: kitchen.TicketLineItem[], revisedQuantities: MenuItemQuantity[]): kitchen.TicketLineItem[] {
  const revised = new Map(revisedQuantities.map((r) => [r.menuItemId, r.quantity]));
  return lineItems.map((line) => ({ ...line, quantity: revised.get(line.menuItemId) ?? line.quantity }));
}

/** Copies of exactly the contract's fields, so a caller's extra fields (a price) never reach an event. */
export const ticketLines = (lineItems: kitchen.TicketLineItem[]): kitchen.TicketLineItem[] =>
  lineItems.map(({ menuItemId, name, quantity }) => ({ menuItemId, name, quantity }));
export const quantities = (revisedQuantities: MenuItemQuantity[]): MenuItemQuantity[] =>
  revisedQuantities.map(({ menuItemId, quantity }) => ({ menuItemId, quantity }));

import { BadUserInput, type MenuItemQuantity } from '@ftgo/schema';
import { hasDuplicateMenuItem } from './line-items.js';
import { ORDER_MESSAGES } from './messages.js';
import type { OrderLineItem, PendingRevision } from './order-state.js';
import { orderTotalOf, requireRepresentableTotal } from './order-totals.js';

/**
 * DOMAIN §1.5 reviseOrder: the BAD_USER_INPUT checks in table order, then the totals.
 * Only quantities of existing lines change; a line at 0 stays listed (total 0); prices stay.
 */
export function proposeRevision(lineItems: readonly OrderLineItem[], revisedQuantities: readonly MenuItemQuantity[]): PendingRevision {
  if (revisedQuantities.length === 0) throw new BadUserInput(ORDER_MESSAGES.emptyRevision);
  if (revisedQuantities.some((line) => line.quantity < 0)) throw new BadUserInput(ORDER_MESSAGES.negativeQuantity);
  if (hasDuplicateMenuItem(revisedQuantities)) throw new BadUserInput(ORDER_MESSAGES.duplicateMenuItem);
  const current = new Map(lineItems.map((line) => [line.menuItemId, line.quantity]));
  const unknown = revisedQuantities.find((line) => !current.has(line.menuItemId));
  if (unknown) throw new BadUserInput(ORDER_MESSAGES.lineItemNotFound(unknown.menuItemId));
  if (revisedQuantities.every((line) => current.get(line.menuItemId) === line.quantity)) throw new BadUserInput(ORDER_MESSAGES.revisionChangesNothing);
  const revised = reviseQuantities(lineItems, revisedQuantities);
  if (revised.every((line) => line.quantity === 0)) throw new BadUserInput(ORDER_MESSAGES.belowMinimum);
  return {
    revisedQuantities: revisedQuantities.map(({ menuItemId, quantity }) => ({ menuItemId, quantity })),
    currentOrderTotal: orderTotalOf(lineItems),
    newOrderTotal: requireRepresentableTotal(orderTotalOf(revised)),
  };
}

/** The order's lines with the listed quantities replaced; unlisted lines and every price stay. */
export function reviseQuantities(lineItems: readonly OrderLineItem[], revisedQuantities: readonly MenuItemQuantity[]): OrderLineItem[] {
  const revised = new Map(revisedQuantities.map((line) => [line.menuItemId, line.quantity]));
  return lineItems.map((line) => ({ ...line, quantity: revised.get(line.menuItemId) ?? line.quantity }));
}

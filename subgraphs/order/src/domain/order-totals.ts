import { BadUserInput } from '@ftgo/schema';
import { ORDER_MESSAGES } from './messages.js';

/** DOMAIN §0: money is Int cents; line total = price × quantity, order total = Σ line totals. */
export interface PricedQuantity {
  price: number;
  quantity: number;
}

export const lineTotal = (line: PricedQuantity): number => line.price * line.quantity;

export const orderTotalOf = (lines: readonly PricedQuantity[]): number => lines.reduce((total, line) => total + lineTotal(line), 0);

/**
 * The largest total the contract can carry: money is a GraphQL Int (32-bit). DOMAIN sets no limit; an order
 * the API could not even return must be refused before it is placed (docs/decisions.md).
 */
export const MAX_ORDER_TOTAL = 2_147_483_647;

export function requireRepresentableTotal(total: number): number {
  if (total > MAX_ORDER_TOTAL) throw new BadUserInput(ORDER_MESSAGES.totalTooLarge);
  return total;
}

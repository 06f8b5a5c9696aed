import { FailedPrecondition, NotFound } from '@ftgo/schema';
import type { ExistingOrder, Order, OrderStatus } from './order-state.js';

export const ORDER_NOT_FOUND = 'order not found';
/** DOMAIN §1.5: any command outside the table; also a saga step's FAILURE reason. */
export const ORDER_STATE_DOES_NOT_ALLOW_ACTION = 'order state does not allow action';

/** DOMAIN §0: a command on an existing entity first answers NOT_FOUND when it is unknown. */
export function requireExisting(order: Order): ExistingOrder {
  if (order.status === 'NEW') throw new NotFound(ORDER_NOT_FOUND);
  return order;
}

export function requireStatus<S extends OrderStatus>(order: Order, status: S): Extract<Order, { status: S }> {
  if (order.status !== status) throw new FailedPrecondition(ORDER_STATE_DOES_NOT_ALLOW_ACTION);
  return order as Extract<Order, { status: S }>;
}

import { FailedPrecondition, NotFound } from '@ftgo/schema';
import { ORDER_MESSAGES } from './messages.js';
import type { ExistingOrder, Order, OrderStatus } from './order-state.js';

/** DOMAIN §0: a command on an existing entity first answers NOT_FOUND when it is unknown. */
export function requireExisting(order: Order): ExistingOrder {
  if (order.status === 'NEW') throw new NotFound(ORDER_MESSAGES.orderNotFound);
  return order;
}

/** DOMAIN §1.5: a command outside the table → FAILED_PRECONDITION. */
export function requireStatus<S extends OrderStatus>(order: Order, status: S): Extract<Order, { status: S }> {
  if (order.status !== status) throw new FailedPrecondition(ORDER_MESSAGES.stateDoesNotAllowAction);
  return order as Extract<Order, { status: S }>;
}

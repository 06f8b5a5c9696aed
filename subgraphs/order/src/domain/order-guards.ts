import { FailedPrecondition, NotFound } from '@ftgo/schema';
import { ORDER_MESSAGES } from './messages.js';
import type { ExistingOrder, Order, OrderStatus } from './order-state.js';

/** DOMAIN §0: a command on an existing entity first answers NOT_FOUND when it is unknown. */
export function requireExisting(order: Order): ExistingOrder {
  if (order.status === 'NEW') throw new NotFound(ORDER_MESSAGES.orderNotFound);
  return order;
}

/** The order narrowed to one status, also where a state variant spans several (APPROVED, CANCEL_PENDING, CANCELLED). */
export type OrderIn<S extends OrderStatus> = Order extends infer O
  ? O extends { status: infer T }
    ? [S] extends [T]
      ? O & { status: S }
      : never
    : never
  : never;

/** DOMAIN §1.5: a command outside the table → FAILED_PRECONDITION. */
export function requireStatus<S extends OrderStatus>(order: Order, status: S): OrderIn<S> {
  if (order.status !== status) throw new FailedPrecondition(ORDER_MESSAGES.stateDoesNotAllowAction);
  return order as OrderIn<S>;
}

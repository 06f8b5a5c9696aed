import { Conflict } from '@ftgo/schema';
import { assertNever } from './assert-never.js';
import { validateDeliverAt } from './delivery-time.js';
import { priceLineItems, validateRequestedLineItems } from './line-items.js';
import { ORDER_MESSAGES } from './messages.js';
import type { CreateOrder, OrderCommand } from './order-commands.js';
import type { OrderCreated, OrderEvent } from './order-events.js';
import { requireExisting, requireStatus } from './order-guards.js';
import { initialState, type Order } from './order-state.js';
import { orderTotalOf, requireRepresentableTotal } from './order-totals.js';
import { proposeRevision, reviseQuantities } from './revision.js';

/**
 * The Order aggregate as a decider (DOMAIN §1.5). Pure: ids and the current time arrive in commands.
 * Check order per DOMAIN §0: NOT_FOUND for an unknown order first, then BAD_USER_INPUT → NOT_FOUND →
 * CONFLICT → FAILED_PRECONDITION.
 */
export function decide(command: OrderCommand, order: Order): OrderEvent[] {
  switch (command.type) {
    case 'CreateOrder':
      return [createOrder(command, order)];
    case 'ApproveOrder': {
      const { id } = requireStatus(requireExisting(order), 'APPROVAL_PENDING');
      return [{ type: 'OrderApproved', data: { orderId: id, ticketId: command.data.ticketId } }];
    }
    case 'RejectOrder': {
      const { id } = requireStatus(requireExisting(order), 'APPROVAL_PENDING');
      return [{ type: 'OrderRejected', data: { orderId: id, reason: command.data.reason } }];
    }
    case 'BeginCancelOrder': {
      const { id } = requireStatus(requireExisting(order), 'APPROVED');
      return [{ type: 'OrderCancelling', data: { orderId: id } }];
    }
    case 'UndoCancelOrder': {
      const { id } = requireStatus(requireExisting(order), 'CANCEL_PENDING');
      return [{ type: 'OrderCancellingUndone', data: { orderId: id } }];
    }
    case 'ConfirmCancelOrder': {
      const { id } = requireStatus(requireExisting(order), 'CANCEL_PENDING');
      return [{ type: 'OrderCancelled', data: { orderId: id } }];
    }
    case 'BeginReviseOrder': {
      const existing = requireExisting(order);
      const revision = proposeRevision(existing.lineItems, command.data.revisedQuantities);
      requireStatus(existing, 'APPROVED');
      return [{ type: 'OrderProposedRevision', data: { orderId: existing.id, ...revision } }];
    }
    case 'UndoReviseOrder': {
      const { id } = requireStatus(requireExisting(order), 'REVISION_PENDING');
      return [{ type: 'OrderRevisingUndone', data: { orderId: id } }];
    }
    case 'ConfirmReviseOrder': {
      // Lines do not change while REVISION_PENDING, so the saga's quantities pass the same checks again.
      const existing = requireExisting(order);
      const revision = proposeRevision(existing.lineItems, command.data.revisedQuantities);
      requireStatus(existing, 'REVISION_PENDING');
      return [{ type: 'OrderRevised', data: { orderId: existing.id, ...revision } }];
    }
    default:
      return assertNever(command);
  }
}

/** The pure createOrder checks (the application ran them already, with the lookups, in DOMAIN order). */
function createOrder({ data }: CreateOrder, order: Order): OrderCreated {
  validateRequestedLineItems(data.lineItems);
  validateDeliverAt(data.deliverAt, data.now);
  const lineItems = priceLineItems(data.lineItems, data.restaurant.menu);
  const orderTotal = requireRepresentableTotal(orderTotalOf(lineItems));
  if (order.status !== 'NEW') throw new Conflict(ORDER_MESSAGES.orderExists);
  return {
    type: 'OrderCreated',
    data: {
      orderId: data.orderId,
      consumerId: data.consumerId,
      restaurantId: data.restaurant.id,
      restaurantName: data.restaurant.name,
      lineItems,
      orderTotal,
      deliverAt: data.deliverAt,
      deliverTo: data.deliverTo,
      createdAt: data.now,
    },
  };
}

/**
 * Events are history: one that does not fit the state (which `decide` never emits) leaves it unchanged,
 * as Emmett's samples do, rather than making the stream unreadable.
 */
export function evolve(order: Order, event: OrderEvent): Order {
  switch (event.type) {
    case 'OrderCreated': {
      if (order.status !== 'NEW') return order;
      const { orderId, ...fields } = event.data;
      return { status: 'APPROVAL_PENDING', id: orderId, ...fields, ticketId: null, rejectionReason: null, pendingRevision: null };
    }
    case 'OrderApproved':
      return order.status === 'APPROVAL_PENDING' ? { ...order, status: 'APPROVED', ticketId: event.data.ticketId } : order;
    case 'OrderRejected':
      return order.status === 'APPROVAL_PENDING' ? { ...order, status: 'REJECTED', rejectionReason: event.data.reason } : order;
    case 'OrderCancelling':
      return order.status === 'APPROVED' ? { ...order, status: 'CANCEL_PENDING' } : order;
    case 'OrderCancellingUndone':
      return order.status === 'CANCEL_PENDING' ? { ...order, status: 'APPROVED' } : order;
    case 'OrderCancelled':
      return order.status === 'CANCEL_PENDING' ? { ...order, status: 'CANCELLED' } : order;
    case 'OrderProposedRevision': {
      if (order.status !== 'APPROVED') return order;
      const { orderId: _, ...pendingRevision } = event.data;
      return { ...order, status: 'REVISION_PENDING', pendingRevision };
    }
    case 'OrderRevisingUndone':
      return order.status === 'REVISION_PENDING' ? { ...order, status: 'APPROVED', pendingRevision: null } : order;
    case 'OrderRevised':
      if (order.status !== 'REVISION_PENDING') return order;
      return {
        ...order,
        status: 'APPROVED',
        lineItems: reviseQuantities(order.lineItems, event.data.revisedQuantities),
        orderTotal: event.data.newOrderTotal,
        pendingRevision: null,
      };
    default:
      return assertNever(event);
  }
}

/** The three functions together, e.g. for an event store's aggregate stream or `deciderSpec`. */
export const orderDecider = { decide, evolve, initialState };

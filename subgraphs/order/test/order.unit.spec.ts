import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '@ftgo/infra/testing';
import { type Address, BadUserInput, Conflict, FailedPrecondition, NotFound } from '@ftgo/schema';
import {
  type CreateOrder,
  decide,
  evolve,
  initialState,
  type Order,
  type OrderCommand,
  type OrderCommandType,
  type OrderCreated,
  type OrderEvent,
  type OrderStatus,
  type RestaurantMenu,
} from '../src/domain/index.js';

// DOMAIN §6 demo data
const orderId = 'order-1';
const consumerId = 'consumer-1';
const ticketId = 'ticket-1';
const now = '2026-01-01T12:00:00.000Z';
const deliverAt = '2026-01-01T12:30:00.000Z';
const ajanta: RestaurantMenu = {
  id: 'restaurant-1',
  name: 'Ajanta',
  menu: [
    { id: 'item1', name: 'Chicken Vindaloo', price: 1299 },
    { id: 'item2', name: 'Chicken Tikka Masala', price: 1499 },
    { id: 'item3', name: 'Garlic Naan', price: 399 },
  ],
};
const home: Address = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };

const createOrder = (data: Partial<CreateOrder['data']> = {}): OrderCommand => ({
  type: 'CreateOrder',
  data: {
    orderId,
    consumerId,
    restaurant: ajanta,
    lineItems: [
      { menuItemId: 'item1', quantity: 2 },
      { menuItemId: 'item3', quantity: 1 },
    ],
    deliverTo: home,
    deliverAt,
    now,
    ...data,
  },
});
const revisedQuantities = [{ menuItemId: 'item1', quantity: 1 }];
const commands: { [T in Exclude<OrderCommandType, 'CreateOrder'>]: OrderCommand } = {
  ApproveOrder: { type: 'ApproveOrder', data: { orderId, ticketId } },
  RejectOrder: { type: 'RejectOrder', data: { orderId, reason: 'account disabled' } },
  BeginCancelOrder: { type: 'BeginCancelOrder', data: { orderId } },
  UndoCancelOrder: { type: 'UndoCancelOrder', data: { orderId } },
  ConfirmCancelOrder: { type: 'ConfirmCancelOrder', data: { orderId } },
  BeginReviseOrder: { type: 'BeginReviseOrder', data: { orderId, revisedQuantities } },
  UndoReviseOrder: { type: 'UndoReviseOrder', data: { orderId } },
  ConfirmReviseOrder: { type: 'ConfirmReviseOrder', data: { orderId, revisedQuantities } },
};

const created: OrderCreated = {
  type: 'OrderCreated',
  data: {
    orderId,
    consumerId,
    restaurantId: 'restaurant-1',
    restaurantName: 'Ajanta',
    lineItems: [
      { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2 },
      { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1 },
    ],
    orderTotal: 2997,
    deliverAt,
    deliverTo: home,
    createdAt: now,
  },
};
const approved: OrderEvent = { type: 'OrderApproved', data: { orderId, ticketId } };
const rejected: OrderEvent = { type: 'OrderRejected', data: { orderId, reason: 'account disabled' } };
const cancelling: OrderEvent = { type: 'OrderCancelling', data: { orderId } };
const cancelled: OrderEvent = { type: 'OrderCancelled', data: { orderId } };
const proposed: OrderEvent = {
  type: 'OrderProposedRevision',
  data: { orderId, currentOrderTotal: 2997, newOrderTotal: 1698, revisedQuantities },
};

const histories: Record<OrderStatus, OrderEvent[]> = {
  NEW: [],
  APPROVAL_PENDING: [created],
  APPROVED: [created, approved],
  REJECTED: [created, rejected],
  CANCEL_PENDING: [created, approved, cancelling],
  CANCELLED: [created, approved, cancelling, cancelled],
  REVISION_PENDING: [created, approved, proposed],
};
/** DOMAIN §1.5 table: the only state each command is allowed in. */
const allowedIn: Record<keyof typeof commands, OrderStatus> = {
  ApproveOrder: 'APPROVAL_PENDING',
  RejectOrder: 'APPROVAL_PENDING',
  BeginCancelOrder: 'APPROVED',
  UndoCancelOrder: 'CANCEL_PENDING',
  ConfirmCancelOrder: 'CANCEL_PENDING',
  BeginReviseOrder: 'APPROVED',
  UndoReviseOrder: 'REVISION_PENDING',
  ConfirmReviseOrder: 'REVISION_PENDING',
};

const given = deciderSpec({ decide, evolve, initialState });
const placed = (state: Order) => {
  assert.notEqual(state.status, 'NEW');
  return state as Exclude<Order, { status: 'NEW' }>;
};

describe('CreateOrder', () => {
  it('names and prices the lines from the menu, in input order, and totals them (2997)', () => given([]).when(createOrder()).then([created]));

  it('places the order APPROVAL_PENDING with every field of DOMAIN §1.5', () =>
    given([])
      .when(createOrder())
      .thenState((state) =>
        assert.deepEqual(state, {
          status: 'APPROVAL_PENDING',
          id: orderId,
          consumerId,
          restaurantId: 'restaurant-1',
          restaurantName: 'Ajanta',
          lineItems: created.data.lineItems,
          orderTotal: 2997,
          deliverAt,
          deliverTo: home,
          createdAt: now,
          ticketId: null,
          rejectionReason: null,
          pendingRevision: null,
        }),
      ));

  it('accepts deliverAt equal to now', () =>
    given([])
      .when(createOrder({ deliverAt: now }))
      .thenState((state) => assert.equal(placed(state).deliverAt, now)));

  it('refuses an order without line items', () =>
    given([])
      .when(createOrder({ lineItems: [] }))
      .thenThrows(BadUserInput, 'an order must have at least one line item'));

  it('refuses a quantity below 1', () =>
    given([])
      .when(createOrder({ lineItems: [{ menuItemId: 'item1', quantity: 0 }] }))
      .thenThrows(BadUserInput, 'quantity must be at least 1'));

  it('refuses a menu item listed twice', () =>
    given([])
      .when(
        createOrder({
          lineItems: [
            { menuItemId: 'item1', quantity: 1 },
            { menuItemId: 'item1', quantity: 2 },
          ],
        }),
      )
      .thenThrows(BadUserInput, 'duplicate menu item in line items'));

  it('refuses a deliverAt in the past', () =>
    given([])
      .when(createOrder({ deliverAt: '2026-01-01T11:59:59.999Z' }))
      .thenThrows(BadUserInput, 'deliverAt is in the past'));

  it('refuses a menu item that is not on the menu', () =>
    given([])
      .when(createOrder({ lineItems: [{ menuItemId: 'item9', quantity: 1 }] }))
      .thenThrows(NotFound, 'item9: menu item not found'));

  it('reports the first unknown menu item in input order', () =>
    given([])
      .when(
        createOrder({
          lineItems: [
            { menuItemId: 'item1', quantity: 1 },
            { menuItemId: 'item8', quantity: 1 },
            { menuItemId: 'item9', quantity: 1 },
          ],
        }),
      )
      .thenThrows(NotFound, 'item8: menu item not found'));

  it('checks quantity before duplicates, wherever the lines sit', () =>
    given([])
      .when(
        createOrder({
          lineItems: [
            { menuItemId: 'item1', quantity: 1 },
            { menuItemId: 'item1', quantity: 1 },
            { menuItemId: 'item3', quantity: 0 },
          ],
        }),
      )
      .thenThrows(BadUserInput, 'quantity must be at least 1'));

  it('checks duplicates before deliverAt', () =>
    given([])
      .when(
        createOrder({
          lineItems: [
            { menuItemId: 'item1', quantity: 1 },
            { menuItemId: 'item1', quantity: 1 },
          ],
          deliverAt: '2025-01-01T00:00:00.000Z',
        }),
      )
      .thenThrows(BadUserInput, 'duplicate menu item in line items'));

  it('checks deliverAt (BAD_USER_INPUT) before the menu (NOT_FOUND)', () =>
    given([])
      .when(createOrder({ lineItems: [{ menuItemId: 'item9', quantity: 1 }], deliverAt: '2025-01-01T00:00:00.000Z' }))
      .thenThrows(BadUserInput, 'deliverAt is in the past'));

  for (const status of Object.keys(histories).filter((s) => s !== 'NEW') as OrderStatus[]) {
    it(`refuses to create an order that exists (${status})`, () => given(histories[status]).when(createOrder()).thenThrows(Conflict, 'order already exists'));
  }

  it('checks the input (BAD_USER_INPUT) before the conflict', () =>
    given([created])
      .when(createOrder({ lineItems: [] }))
      .thenThrows(BadUserInput, 'an order must have at least one line item'));
});

describe('order transitions (DOMAIN §1.5)', () => {
  it('APPROVAL_PENDING → APPROVED on ApproveOrder, with the ticket id', () => {
    given([created]).when(commands.ApproveOrder).then([approved]);
    given([created])
      .when(commands.ApproveOrder)
      .thenState((state) => {
        assert.equal(state.status, 'APPROVED');
        assert.equal(placed(state).ticketId, ticketId);
      });
  });

  it('APPROVAL_PENDING → REJECTED on RejectOrder, with the reason', () => {
    given([created]).when(commands.RejectOrder).then([rejected]);
    given([created])
      .when(commands.RejectOrder)
      .thenState((state) => {
        assert.equal(state.status, 'REJECTED');
        assert.equal(placed(state).rejectionReason, 'account disabled');
        assert.equal(placed(state).ticketId, null);
      });
  });

  it('APPROVED → CANCEL_PENDING on BeginCancelOrder', () => {
    given([created, approved]).when(commands.BeginCancelOrder).then([cancelling]);
    given([created, approved])
      .when(commands.BeginCancelOrder)
      .thenState((state) => {
        assert.equal(state.status, 'CANCEL_PENDING');
        assert.equal(placed(state).ticketId, ticketId);
      });
  });

  it('CANCEL_PENDING → APPROVED on UndoCancelOrder', () => {
    given(histories.CANCEL_PENDING)
      .when(commands.UndoCancelOrder)
      .then([{ type: 'OrderCancellingUndone', data: { orderId } }]);
    given(histories.CANCEL_PENDING)
      .when(commands.UndoCancelOrder)
      .thenState((state) => assert.deepEqual(state, histories.APPROVED.reduce(evolve, initialState())));
  });

  it('CANCEL_PENDING → CANCELLED on ConfirmCancelOrder', () => {
    given(histories.CANCEL_PENDING).when(commands.ConfirmCancelOrder).then([cancelled]);
    given(histories.CANCEL_PENDING)
      .when(commands.ConfirmCancelOrder)
      .thenState((state) => assert.equal(state.status, 'CANCELLED'));
  });

  it('APPROVED → REVISION_PENDING on BeginReviseOrder', () => {
    given(histories.APPROVED).when(commands.BeginReviseOrder).then([proposed]);
    given(histories.APPROVED)
      .when(commands.BeginReviseOrder)
      .thenState((state) => assert.equal(state.status, 'REVISION_PENDING'));
  });

  it('REVISION_PENDING → APPROVED on UndoReviseOrder', () => {
    given(histories.REVISION_PENDING)
      .when(commands.UndoReviseOrder)
      .then([{ type: 'OrderRevisingUndone', data: { orderId } }]);
    given(histories.REVISION_PENDING)
      .when(commands.UndoReviseOrder)
      .thenState((state) => assert.equal(state.status, 'APPROVED'));
  });

  it('REVISION_PENDING → APPROVED on ConfirmReviseOrder', () => {
    given(histories.REVISION_PENDING)
      .when(commands.ConfirmReviseOrder)
      .then([{ type: 'OrderRevised', data: { orderId, currentOrderTotal: 2997, newOrderTotal: 1698, revisedQuantities } }]);
    given(histories.REVISION_PENDING)
      .when(commands.ConfirmReviseOrder)
      .thenState((state) => assert.equal(state.status, 'APPROVED'));
  });

  it('a cancelled order can be neither cancelled nor revised again', () => {
    given(histories.CANCELLED).when(commands.BeginCancelOrder).thenThrows(FailedPrecondition, 'order state does not allow action');
    given(histories.CANCELLED).when(commands.BeginReviseOrder).thenThrows(FailedPrecondition, 'order state does not allow action');
  });
});

describe('refusals', () => {
  for (const [type, command] of Object.entries(commands) as [keyof typeof commands, OrderCommand][]) {
    it(`${type} on an unknown order → NOT_FOUND`, () => given([]).when(command).thenThrows(NotFound, 'order not found'));
    for (const status of Object.keys(histories) as OrderStatus[]) {
      if (status === 'NEW' || status === allowedIn[type]) continue;
      it(`${type} in ${status} → FAILED_PRECONDITION`, () =>
        given(histories[status]).when(command).thenThrows(FailedPrecondition, 'order state does not allow action'));
    }
  }
});

describe('evolve', () => {
  it('leaves the state unchanged for an event that does not fit it', () => {
    const state = histories.APPROVED.reduce(evolve, initialState());
    assert.equal(evolve(state, created), state);
    assert.equal(evolve(state, cancelled), state);
    assert.equal(evolve(initialState(), approved).status, 'NEW');
  });
});

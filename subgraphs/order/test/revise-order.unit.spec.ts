import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '@ftgo/infra/testing';
import { BadUserInput, FailedPrecondition, type MenuItemQuantity, NotFound } from '@ftgo/schema';
import {
  decide,
  evolve,
  initialState,
  lineTotal,
  type Order,
  type OrderCommand,
  type OrderCreated,
  type OrderEvent,
  orderTotalOf,
  requireRepresentableTotal,
} from '../src/domain/index.js';

// DOMAIN §6 demo order: item1 1299 × 2 + item3 399 × 1 = 2997
const orderId = 'order-1';
const lineItems = [
  { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2 },
  { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1 },
];
const address = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };
const created: OrderCreated = {
  type: 'OrderCreated',
  data: {
    orderId,
    consumerId: 'consumer-1',
    restaurantId: 'restaurant-1',
    restaurantName: 'Ajanta',
    lineItems,
    orderTotal: 2997,
    deliverAt: '2026-01-01T12:30:00.000Z',
    deliverTo: address,
    createdAt: '2026-01-01T12:00:00.000Z',
  },
};
const approved: OrderEvent = { type: 'OrderApproved', data: { orderId, ticketId: 'ticket-1' } };
const item1To1 = [{ menuItemId: 'item1', quantity: 1 }];
const proposed: OrderEvent = {
  type: 'OrderProposedRevision',
  data: { orderId, currentOrderTotal: 2997, newOrderTotal: 1698, revisedQuantities: item1To1 },
};
const revised: OrderEvent = { type: 'OrderRevised', data: { orderId, currentOrderTotal: 2997, newOrderTotal: 1698, revisedQuantities: item1To1 } };

const begin = (revisedQuantities: MenuItemQuantity[]): OrderCommand => ({ type: 'BeginReviseOrder', data: { orderId, revisedQuantities } });
const confirm = (revisedQuantities: MenuItemQuantity[]): OrderCommand => ({ type: 'ConfirmReviseOrder', data: { orderId, revisedQuantities } });
const undo: OrderCommand = { type: 'UndoReviseOrder', data: { orderId } };

const given = deciderSpec({ decide, evolve, initialState });
const placed = (state: Order) => {
  if (state.status === 'NEW') throw new Error('expected a placed order');
  return state;
};

describe('money', () => {
  it('line total = price × quantity; order total = Σ (DOMAIN §0)', () => {
    assert.equal(lineTotal(lineItems[0]), 2598);
    assert.equal(orderTotalOf(lineItems), 2997);
    assert.equal(orderTotalOf([]), 0);
  });
});

describe('BeginReviseOrder', () => {
  it('proposes item1 → 1: 2997 → 1698 (DOMAIN §6)', () => given([created, approved]).when(begin(item1To1)).then([proposed]));

  it('keeps the pending revision on the order, its lines and total unchanged until confirmed', () =>
    given([created, approved])
      .when(begin(item1To1))
      .thenState((state) => {
        const order = placed(state);
        assert.equal(order.status, 'REVISION_PENDING');
        assert.deepEqual(order.pendingRevision, { revisedQuantities: item1To1, currentOrderTotal: 2997, newOrderTotal: 1698 });
        assert.deepEqual(order.lineItems, lineItems);
        assert.equal(order.orderTotal, 2997);
        assert.equal(order.ticketId, 'ticket-1');
      }));

  it('keeps a line revised to 0 listed, with total 0', () =>
    given([created, approved])
      .when(begin([{ menuItemId: 'item3', quantity: 0 }]))
      .then([
        {
          type: 'OrderProposedRevision',
          data: { orderId, currentOrderTotal: 2997, newOrderTotal: 2598, revisedQuantities: [{ menuItemId: 'item3', quantity: 0 }] },
        },
      ]));

  it('counts a revision as a change when one listed line differs', () =>
    given([created, approved])
      .when(
        begin([
          { menuItemId: 'item1', quantity: 2 },
          { menuItemId: 'item3', quantity: 3 },
        ]),
      )
      .thenState((state) => assert.equal(placed(state).pendingRevision?.newOrderTotal, 2598 + 1197)));

  it('refuses an empty revision', () => given([created, approved]).when(begin([])).thenThrows(BadUserInput, 'a revision must change at least one line item'));

  it('refuses a negative quantity', () =>
    given([created, approved])
      .when(begin([{ menuItemId: 'item1', quantity: -1 }]))
      .thenThrows(BadUserInput, 'quantity must not be negative'));

  it('refuses a menu item listed twice', () =>
    given([created, approved])
      .when(
        begin([
          { menuItemId: 'item1', quantity: 1 },
          { menuItemId: 'item1', quantity: 3 },
        ]),
      )
      .thenThrows(BadUserInput, 'duplicate menu item in line items'));

  it('refuses an item that is on the menu but not a line of the order', () =>
    given([created, approved])
      .when(begin([{ menuItemId: 'item2', quantity: 1 }]))
      .thenThrows(BadUserInput, 'item2: line item not found'));

  it('refuses a revision that changes nothing', () =>
    given([created, approved])
      .when(
        begin([
          { menuItemId: 'item1', quantity: 2 },
          { menuItemId: 'item3', quantity: 1 },
        ]),
      )
      .thenThrows(BadUserInput, 'revision does not change the order'));

  it('refuses a revision that leaves every line at 0', () =>
    given([created, approved])
      .when(
        begin([
          { menuItemId: 'item1', quantity: 0 },
          { menuItemId: 'item3', quantity: 0 },
        ]),
      )
      .thenThrows(BadUserInput, 'order total does not meet the minimum'));

  describe('check order', () => {
    it('unknown order before an empty revision', () => given([]).when(begin([])).thenThrows(NotFound, 'order not found'));

    it('negative before duplicate, wherever the lines sit', () =>
      given([created, approved])
        .when(
          begin([
            { menuItemId: 'item1', quantity: 1 },
            { menuItemId: 'item1', quantity: 1 },
            { menuItemId: 'item3', quantity: -1 },
          ]),
        )
        .thenThrows(BadUserInput, 'quantity must not be negative'));

    it('duplicate before unknown line', () =>
      given([created, approved])
        .when(
          begin([
            { menuItemId: 'item9', quantity: 1 },
            { menuItemId: 'item1', quantity: 1 },
            { menuItemId: 'item1', quantity: 1 },
          ]),
        )
        .thenThrows(BadUserInput, 'duplicate menu item in line items'));

    it('unknown line before "changes nothing"', () =>
      given([created, approved])
        .when(
          begin([
            { menuItemId: 'item1', quantity: 2 },
            { menuItemId: 'item9', quantity: 0 },
          ]),
        )
        .thenThrows(BadUserInput, 'item9: line item not found'));

    it('"changes nothing" before the minimum', () => {
      // Not reachable through decide; a hand-made history where every line is already 0 shows the precedence.
      const zeroLines = lineItems.map((line) => ({ ...line, quantity: 0 }));
      const createdEmpty: OrderCreated = { type: 'OrderCreated', data: { ...created.data, lineItems: zeroLines, orderTotal: 0 } };
      given([createdEmpty, approved])
        .when(begin([{ menuItemId: 'item1', quantity: 0 }]))
        .thenThrows(BadUserInput, 'revision does not change the order');
    });

    it('BAD_USER_INPUT before FAILED_PRECONDITION', () =>
      given([created])
        .when(begin([{ menuItemId: 'item1', quantity: -1 }]))
        .thenThrows(BadUserInput, 'quantity must not be negative'));

    it('a valid revision of an order that is not APPROVED → FAILED_PRECONDITION', () =>
      given([created]).when(begin(item1To1)).thenThrows(FailedPrecondition, 'order state does not allow action'));

    it('a second revision while one is pending → FAILED_PRECONDITION', () =>
      given([created, approved, proposed])
        .when(begin([{ menuItemId: 'item3', quantity: 2 }]))
        .thenThrows(FailedPrecondition, 'order state does not allow action'));
  });
});

describe('UndoReviseOrder', () => {
  it('restores APPROVED with the old quantities and total', () =>
    given([created, approved, proposed])
      .when(undo)
      .thenState((state) => assert.deepEqual(state, [created, approved].reduce(evolve, initialState()))));
});

describe('ConfirmReviseOrder', () => {
  it('emits OrderRevised with the totals before and after', () => given([created, approved, proposed]).when(confirm(item1To1)).then([revised]));

  it('replaces quantities and total; prices stay', () =>
    given([created, approved, proposed])
      .when(confirm(item1To1))
      .thenState((state) => {
        const order = placed(state);
        assert.equal(order.status, 'APPROVED');
        assert.deepEqual(order.lineItems, [
          { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 1 },
          { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1 },
        ]);
        assert.equal(order.orderTotal, 1698);
        assert.equal(order.pendingRevision, null);
      }));

  it('keeps a line at 0 listed after the revision', () => {
    const toZero = [{ menuItemId: 'item3', quantity: 0 }];
    const proposedZero: OrderEvent = {
      type: 'OrderProposedRevision',
      data: { orderId, currentOrderTotal: 2997, newOrderTotal: 2598, revisedQuantities: toZero },
    };
    given([created, approved, proposedZero])
      .when(confirm(toZero))
      .thenState((state) => {
        const order = placed(state);
        assert.deepEqual(
          order.lineItems.map((line) => [line.menuItemId, line.quantity, lineTotal(line)]),
          [
            ['item1', 2, 2598],
            ['item3', 0, 0],
          ],
        );
        assert.equal(order.orderTotal, 2598);
      });
  });

  it('a later revision starts from the revised order', () =>
    given([created, approved, proposed, revised])
      .when(begin([{ menuItemId: 'item3', quantity: 2 }]))
      .then([
        {
          type: 'OrderProposedRevision',
          data: { orderId, currentOrderTotal: 1698, newOrderTotal: 2097, revisedQuantities: [{ menuItemId: 'item3', quantity: 2 }] },
        },
      ]));

  it('refuses when no revision is pending', () =>
    given([created, approved]).when(confirm(item1To1)).thenThrows(FailedPrecondition, 'order state does not allow action'));
});

describe('totals the contract can carry (money is a GraphQL Int)', () => {
  it('refuses a revision whose total would exceed 2,147,483,647 cents', () =>
    given([created, approved])
      .when(begin([{ menuItemId: 'item1', quantity: 2_000_000 }]))
      .thenThrows(BadUserInput, 'order total exceeds the maximum'));

  it('accepts a total of exactly the maximum', () => {
    assert.equal(requireRepresentableTotal(2_147_483_647), 2_147_483_647);
    assert.throws(() => requireRepresentableTotal(2_147_483_648), { message: 'order total exceeds the maximum' });
  });
});

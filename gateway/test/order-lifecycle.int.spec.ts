import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, messagingKinds } from '@ftgo/infra/testing';
import { DomainError } from '@ftgo/schema';
import { entitiesOf } from './support/entities.js';
import { deliverTwice, progressLines, type SystemHarness, startSystemHarness } from './support/system-harness.js';

const inTwentyMinutes = () => new Date(Date.now() + 20 * 60_000).toISOString();

/** DOMAIN §4: accept → preparing → ready → picked up → delivered, across kitchen and delivery. */
async function deliverOrder(h: SystemHarness, orderId: string) {
  const ticket = (await h.system.kitchen.queries.ticketByOrder(orderId))!;
  await eventually(() => h.system.delivery.queries.delivery(orderId), 15_000, 'the delivery');
  await h.system.kitchen.commands.acceptTicket({ id: ticket.id, readyBy: inTwentyMinutes() });
  const scheduled = await eventually(async () => {
    const delivery = await h.system.delivery.queries.delivery(orderId);
    return delivery?.status === 'SCHEDULED' ? delivery : null;
  });
  assert.equal(scheduled.courierId, h.demo.courierId);
  await assert.rejects(h.system.delivery.commands.pickUpDelivery({ id: orderId }), { message: 'ticket is not ready for pickup' });
  await h.system.kitchen.commands.startPreparingTicket({ id: ticket.id });
  await h.system.kitchen.commands.markTicketReadyForPickup({ id: ticket.id });
  await eventually(async () => (await h.system.delivery.queries.delivery(orderId))?.readyForPickupAt, 15_000, 'the food to be ready');
  assert.equal((await h.system.delivery.commands.pickUpDelivery({ id: orderId })).status, 'PICKED_UP');
  assert.equal((await h.system.delivery.commands.dropOffDelivery({ id: orderId })).status, 'DELIVERED');
  await eventually(async () => (await h.system.kitchen.queries.ticket(ticket.id))?.state === 'PICKED_UP', 15_000, 'the ticket to be picked up');
}

for (const kind of messagingKinds()) {
  describe(`the whole system (${kind})`, () => {
    it('takes an order from placement to the consumer’s door', async (t) => {
      const h = await startSystemHarness(t, kind);
      const orderId = await h.placeOrder(h.demo.consumerId);
      await h.sagaEnded(orderId);
      await deliverOrder(h, orderId);
      const e = await entitiesOf(h.system, orderId);
      assert.deepEqual([e.order, e.ticket, e.delivery, e.authorization], ['APPROVED', 'PICKED_UP', 'DELIVERED', 'AUTHORIZED 2997']);
      assert.deepEqual((await h.system.delivery.queries.courier(h.demo.courierId))?.plan, []);
    });

    it('approves 200 orders placed at once', async (t) => {
      const h = await startSystemHarness(t, kind);
      await h.placeOrder(h.demo.consumerId); // replicas have caught up
      const placed = await Promise.all(
        Array.from({ length: 200 }, () =>
          h.system.order.commands.createOrder({
            consumerId: h.demo.consumerId,
            restaurantId: h.demo.restaurantId,
            lineItems: [{ menuItemId: 'item2', quantity: 1 }],
            deliverToAddressId: 'Home',
          }),
        ),
      );
      const ids = placed.map((o) => o.id);
      await eventually(
        async () => (await h.system.order.queries.ordersByIds(ids)).every((o) => o?.state === 'APPROVED'),
        90_000,
        'all 200 orders to be approved',
      );
      const account = await h.system.accounting.queries.account(h.demo.consumerId);
      assert.equal(account?.authorizations.filter((a) => ids.includes(a.orderId) && a.state === 'AUTHORIZED' && a.amount === 1499).length, 200);
    });
  });
}

for (const kind of messagingKinds()) {
  describe(`the whole system with every message delivered twice (${kind})`, () => {
    it('ends in exactly the states and progress of single delivery', async (t) => {
      const h = await startSystemHarness(t, kind, { wrap: deliverTwice });
      const approved = await h.placeOrder(h.demo.consumerId);
      const cancelled = await h.placeOrder(h.demo.consumerId);
      const revised = await h.placeOrder(h.demo.consumerId);
      for (const id of [approved, cancelled, revised]) await h.sagaEnded(id);
      await h.system.order.commands.cancelOrder({ id: cancelled });
      await h.system.order.commands.reviseOrder({ id: revised, lineItems: [{ menuItemId: 'item1', quantity: 1 }] });
      await h.sagaEnded(cancelled, 2);
      await h.sagaEnded(revised, 2);
      await deliverOrder(h, approved);
      await eventually(async () => (await h.system.delivery.queries.delivery(cancelled))?.status === 'CANCELLED', 15_000, 'the cancelled delivery');

      const [a, c, r] = await Promise.all([approved, cancelled, revised].map((id) => entitiesOf(h.system, id)));
      assert.deepEqual(
        [a.order, a.ticket, a.delivery, a.authorization, a.saga],
        ['APPROVED', 'PICKED_UP', 'DELIVERED', 'AUTHORIZED 2997', 'CREATE_ORDER COMPLETED'],
      );
      assert.deepEqual([c.order, c.ticket, c.delivery, c.authorization], ['CANCELLED', 'CANCELLED', 'CANCELLED', 'REVERSED 2997']);
      assert.deepEqual([r.order, r.orderTotal, r.ticketQuantities, r.authorization], ['APPROVED', 1698, 'item1×1 item3×1', 'REVISED 1698']);
      for (const id of [approved, cancelled, revised]) {
        const rows = await h.system.order.queries.progressOfOrder(id);
        assert.deepEqual(
          rows.map((p) => p.orderSequence),
          rows.map((_, i) => i + 1),
        );
        assert.equal(rows.length, id === approved ? 12 : 24, progressLines(rows).join('\n'));
      }
      // The projection follows the order events a moment after the sagas end.
      const expected = { [approved]: 'APPROVED 2997', [cancelled]: 'CANCELLED 2997', [revised]: 'APPROVED 1698' };
      const entries = async () => {
        const history = await h.system.orderHistory.queries.orderHistory({ consumerId: h.demo.consumerId });
        return Object.fromEntries(history.edges.map((e) => [e.node.orderId, `${e.node.state} ${e.node.orderTotal}`]));
      };
      const matches = async () => {
        try {
          assert.deepEqual(await entries(), expected);
          return true;
        } catch {
          return false;
        }
      };
      await eventually(matches, 15_000, 'the history').catch(() => {});
      assert.deepEqual(await entries(), expected);
    });
  });
}

describe('bad commands (local)', () => {
  it('are refused with the contract’s codes and change nothing', async (t) => {
    const h = await startSystemHarness(t, 'local');
    const orderId = await h.placeOrder(h.demo.consumerId);
    await h.sagaEnded(orderId);
    // Settled first: the delivery and the history follow the order's events asynchronously.
    await eventually(() => h.system.delivery.queries.delivery(orderId), 15_000, 'the delivery');
    await eventually(
      async () => (await h.system.orderHistory.queries.orderHistory({ consumerId: h.demo.consumerId })).edges.length === 1,
      15_000,
      'the history',
    );
    const before = await entitiesOf(h.system, orderId);
    const refusal = async (work: Promise<unknown>, code: string, message: string) => {
      await assert.rejects(work, (error: unknown) => error instanceof DomainError && error.code === code && error.message === message);
    };
    const order = (lineItems: { menuItemId: string; quantity: number }[], extra = {}) =>
      h.system.order.commands.createOrder({
        consumerId: h.demo.consumerId,
        restaurantId: h.demo.restaurantId,
        lineItems,
        deliverToAddressId: 'Home',
        ...extra,
      });
    await refusal(order([]), 'BAD_USER_INPUT', 'an order must have at least one line item');
    await refusal(order([{ menuItemId: 'item1', quantity: 0 }]), 'BAD_USER_INPUT', 'quantity must be at least 1');
    await refusal(order([{ menuItemId: 'nope', quantity: 1 }]), 'NOT_FOUND', 'nope: menu item not found');
    await refusal(order([{ menuItemId: 'item1', quantity: 1 }], { restaurantId: 'not-a-uuid' }), 'NOT_FOUND', 'restaurant not found');
    await refusal(order([{ menuItemId: 'item1', quantity: 1 }], { deliverToAddressId: 'Work' }), 'NOT_FOUND', 'an address with that identifier does not exist');
    await refusal(
      h.system.order.commands.reviseOrder({ id: orderId, lineItems: [{ menuItemId: 'item1', quantity: -1 }] }),
      'BAD_USER_INPUT',
      'quantity must not be negative',
    );
    await refusal(h.system.order.commands.cancelOrder({ id: 'malformed' }), 'NOT_FOUND', 'order not found');
    const ticket = (await h.system.kitchen.queries.ticketByOrder(orderId))!;
    await refusal(h.system.kitchen.commands.startPreparingTicket({ id: ticket.id }), 'FAILED_PRECONDITION', 'ticket state does not allow action');
    await refusal(h.system.delivery.commands.pickUpDelivery({ id: orderId }), 'FAILED_PRECONDITION', 'delivery state does not allow action');
    await refusal(h.system.accounting.commands.enableAccount(h.demo.consumerId), 'FAILED_PRECONDITION', 'account is enabled');
    assert.deepEqual(await entitiesOf(h.system, orderId), before);
    const orders = await h.system.orderHistory.queries.orderHistory({ consumerId: h.demo.consumerId });
    assert.equal(orders.edges.length, 1);
  });
});

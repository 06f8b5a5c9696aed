import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, messagingKinds } from '@ftgo/infra/testing';
import { entitiesOf } from './support/entities.js';
import { FaultInjector, progressLines, type SystemHarness, startSystemHarness } from './support/system-harness.js';

/** An APPROVED demo order (2997) of a fresh consumer, whose delivery exists. */
async function approvedOrder(h: SystemHarness, faults?: FaultInjector, ...fail: string[]) {
  const consumerId = await h.newConsumer();
  if (faults) faults.failForConsumer(consumerId, ...fail);
  const orderId = await h.placeOrder(consumerId);
  await h.sagaEnded(orderId);
  await eventually(() => h.system.delivery.queries.delivery(orderId), 15_000, 'the delivery');
  return { consumerId, orderId };
}

const planOf = async (h: SystemHarness, courierId: string) => (await h.system.delivery.queries.courier(courierId))?.plan ?? [];

const CANCEL_HAPPY_PATH = [
  '1 SAGA_STARTED',
  '2 STEP_STARTED beginCancelOrder (order)',
  '3 STEP_SUCCEEDED beginCancelOrder (order)',
  '4 STEP_STARTED beginCancelTicket (kitchen)',
  '5 STEP_SUCCEEDED beginCancelTicket (kitchen)',
  '6 STEP_STARTED reverseAuthorization (accounting)',
  '7 STEP_SUCCEEDED reverseAuthorization (accounting)',
  '8 STEP_STARTED confirmCancelTicket (kitchen)',
  '9 STEP_SUCCEEDED confirmCancelTicket (kitchen)',
  '10 STEP_STARTED confirmCancelOrder (order)',
  '11 STEP_SUCCEEDED confirmCancelOrder (order)',
  '12 SAGA_COMPLETED',
];

for (const kind of messagingKinds()) {
  describe(`CancelOrder and ReviseOrder sagas (${kind})`, () => {
    it('cancels an order: ticket cancelled, authorization reversed, delivery cancelled and off the courier plan', async (t) => {
      const h = await startSystemHarness(t, kind);
      const { orderId } = await approvedOrder(h);
      const ticket = await h.system.kitchen.queries.ticketByOrder(orderId);
      await h.system.kitchen.commands.acceptTicket({ id: ticket!.id, readyBy: new Date(Date.now() + 20 * 60_000).toISOString() });
      await eventually(async () => (await h.system.delivery.queries.delivery(orderId))?.status === 'SCHEDULED', 15_000, 'the delivery to be scheduled');
      assert.equal((await planOf(h, h.demo.courierId)).filter((a) => a.deliveryId === orderId).length, 2);

      const pending = await h.system.order.commands.cancelOrder({ id: orderId });
      assert.equal(pending.state, 'CANCEL_PENDING');
      await h.sagaEnded(orderId, 2);
      await eventually(async () => (await h.system.delivery.queries.delivery(orderId))?.status === 'CANCELLED', 15_000, 'the delivery to be cancelled');
      const e = await entitiesOf(h.system, orderId);
      assert.deepEqual(
        [e.order, e.ticket, e.authorization, e.delivery, e.saga],
        ['CANCELLED', 'CANCELLED', 'REVERSED 2997', 'CANCELLED', 'CREATE_ORDER COMPLETED, CANCEL_ORDER COMPLETED'],
      );
      assert.deepEqual(
        (await planOf(h, h.demo.courierId)).filter((a) => a.deliveryId === orderId),
        [],
      );
      const sagas = await h.system.order.queries.sagasOfOrder(orderId);
      assert.deepEqual(progressLines(await h.system.order.queries.sagaProgress(sagas[1].id)), CANCEL_HAPPY_PATH);
      // orderSequence runs on across the order's sagas: 12 rows of CreateOrder, then 13..24.
      assert.deepEqual(
        (await h.system.order.queries.progressOfOrder(orderId, 12)).map((p) => p.orderSequence),
        Array.from({ length: 12 }, (_, i) => 13 + i),
      );
    });

    it('revises an order: quantities and totals change on order, ticket and authorization (2997 → 1698)', async (t) => {
      const h = await startSystemHarness(t, kind);
      const { consumerId, orderId } = await approvedOrder(h);
      const pending = await h.system.order.commands.reviseOrder({ id: orderId, lineItems: [{ menuItemId: 'item1', quantity: 1 }] });
      assert.equal(pending.state, 'REVISION_PENDING');
      await h.sagaEnded(orderId, 2);
      const e = await entitiesOf(h.system, orderId);
      assert.deepEqual(
        [e.order, e.orderTotal, e.quantities, e.ticket, e.ticketQuantities, e.authorization, e.saga],
        ['APPROVED', 1698, 'item1×1 item3×1', 'AWAITING_ACCEPTANCE', 'item1×1 item3×1', 'REVISED 1698', 'CREATE_ORDER COMPLETED, REVISE_ORDER COMPLETED'],
      );
      const history = await eventually(async () => {
        const page = await h.system.orderHistory.queries.orderHistory({ consumerId });
        return page.edges.find((edge) => edge.node.orderId === orderId && edge.node.orderTotal === 1698);
      });
      assert.equal(history.node.state, 'APPROVED');
    });
  });
}

describe('CancelOrder and ReviseOrder saga failures (local)', () => {
  it('compensates a cancel when the kitchen has started preparing', async (t) => {
    const h = await startSystemHarness(t, 'local');
    const { orderId } = await approvedOrder(h);
    const ticket = (await h.system.kitchen.queries.ticketByOrder(orderId))!;
    await h.system.kitchen.commands.acceptTicket({ id: ticket.id, readyBy: new Date(Date.now() + 20 * 60_000).toISOString() });
    await h.system.kitchen.commands.startPreparingTicket({ id: ticket.id });
    await h.system.order.commands.cancelOrder({ id: orderId });
    await h.sagaEnded(orderId, 2);
    const e = await entitiesOf(h.system, orderId);
    assert.deepEqual(
      [e.order, e.ticket, e.authorization, e.saga],
      ['APPROVED', 'PREPARING', 'AUTHORIZED 2997', 'CREATE_ORDER COMPLETED, CANCEL_ORDER COMPENSATED'],
    );
    const sagas = await h.system.order.queries.sagasOfOrder(orderId);
    assert.deepEqual(progressLines(await h.system.order.queries.sagaProgress(sagas[1].id)), [
      '1 SAGA_STARTED',
      '2 STEP_STARTED beginCancelOrder (order)',
      '3 STEP_SUCCEEDED beginCancelOrder (order)',
      '4 STEP_STARTED beginCancelTicket (kitchen)',
      '5 STEP_FAILED beginCancelTicket (kitchen) ticket state does not allow action',
      '6 COMPENSATION_STARTED undoCancelOrder (order)',
      '7 COMPENSATION_SUCCEEDED undoCancelOrder (order)',
      '8 SAGA_COMPENSATED',
    ]);
  });

  it('compensates a revision when the account is disabled, keeping the old quantities', async (t) => {
    const h = await startSystemHarness(t, 'local');
    const { consumerId, orderId } = await approvedOrder(h);
    await h.system.accounting.commands.disableAccount(consumerId);
    await h.system.order.commands.reviseOrder({ id: orderId, lineItems: [{ menuItemId: 'item1', quantity: 1 }] });
    await h.sagaEnded(orderId, 2);
    const e = await entitiesOf(h.system, orderId);
    assert.deepEqual(
      [e.order, e.orderTotal, e.quantities, e.ticket, e.ticketQuantities, e.authorization, e.saga],
      ['APPROVED', 2997, 'item1×2 item3×1', 'AWAITING_ACCEPTANCE', 'item1×2 item3×1', 'AUTHORIZED 2997', 'CREATE_ORDER COMPLETED, REVISE_ORDER COMPENSATED'],
    );
  });

  // DOMAIN §3.3 and §3.4 outcome tables, one row per participant step that can fail.
  const cases = [
    {
      saga: 'cancel',
      fail: ['beginCancelTicket'],
      order: 'APPROVED',
      ticket: 'AWAITING_ACCEPTANCE',
      authorization: 'AUTHORIZED 2997',
      delivery: 'PENDING',
      end: 'COMPENSATED',
    },
    {
      saga: 'cancel',
      fail: ['reverseAuthorization'],
      order: 'APPROVED',
      ticket: 'AWAITING_ACCEPTANCE',
      authorization: 'AUTHORIZED 2997',
      delivery: 'PENDING',
      end: 'COMPENSATED',
    },
    {
      saga: 'cancel',
      fail: ['confirmCancelTicket'],
      order: 'CANCEL_PENDING',
      ticket: 'CANCEL_PENDING',
      authorization: 'REVERSED 2997',
      delivery: 'PENDING',
      end: 'FAILED',
    },
    {
      saga: 'cancel',
      fail: ['reverseAuthorization', 'undoCancelTicket'],
      order: 'CANCEL_PENDING',
      ticket: 'CANCEL_PENDING',
      authorization: 'AUTHORIZED 2997',
      delivery: 'PENDING',
      end: 'FAILED',
    },
    {
      saga: 'revise',
      fail: ['beginReviseTicket'],
      order: 'APPROVED',
      ticket: 'AWAITING_ACCEPTANCE',
      authorization: 'AUTHORIZED 2997',
      delivery: 'PENDING',
      end: 'COMPENSATED',
    },
    {
      saga: 'revise',
      fail: ['reviseAuthorization'],
      order: 'APPROVED',
      ticket: 'AWAITING_ACCEPTANCE',
      authorization: 'AUTHORIZED 2997',
      delivery: 'PENDING',
      end: 'COMPENSATED',
    },
    {
      saga: 'revise',
      fail: ['confirmReviseTicket'],
      order: 'REVISION_PENDING',
      ticket: 'REVISION_PENDING',
      authorization: 'REVISED 1698',
      delivery: 'PENDING',
      end: 'FAILED',
    },
    {
      saga: 'revise',
      fail: ['reviseAuthorization', 'undoReviseTicket'],
      order: 'REVISION_PENDING',
      ticket: 'REVISION_PENDING',
      authorization: 'AUTHORIZED 2997',
      delivery: 'PENDING',
      end: 'FAILED',
    },
  ];
  it('ends every entity as DOMAIN §3.3 and §3.4 say when a participant step fails', async (t) => {
    const faults = new FaultInjector();
    const h = await startSystemHarness(t, 'local', { faults });
    for (const c of cases) {
      const { orderId } = await approvedOrder(h, faults, ...c.fail);
      if (c.saga === 'cancel') await h.system.order.commands.cancelOrder({ id: orderId });
      else await h.system.order.commands.reviseOrder({ id: orderId, lineItems: [{ menuItemId: 'item1', quantity: 1 }] });
      await h.sagaEnded(orderId, 2);
      const e = await entitiesOf(h.system, orderId);
      const type = c.saga === 'cancel' ? 'CANCEL_ORDER' : 'REVISE_ORDER';
      assert.deepEqual(
        { order: e.order, ticket: e.ticket, authorization: e.authorization, delivery: e.delivery, saga: e.saga },
        { order: c.order, ticket: c.ticket, authorization: c.authorization, delivery: c.delivery, saga: `CREATE_ORDER COMPLETED, ${type} ${c.end}` },
        `${c.saga} when ${c.fail.join(' and ')} fail`,
      );
      const sagas = await h.system.order.queries.sagasOfOrder(orderId);
      const lines = progressLines(await h.system.order.queries.sagaProgress(sagas[1].id));
      const last = c.fail.at(-1)!;
      assert.match(lines.at(-1)!, c.end === 'FAILED' ? new RegExp(`SAGA_FAILED ${last}`) : /SAGA_COMPENSATED/, lines.join('\n'));
    }
  });
});

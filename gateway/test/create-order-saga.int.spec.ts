import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, messagingKinds } from '@ftgo/infra/testing';
import { entitiesOf } from './support/entities.js';
import { FaultInjector, progressLines, startSystemHarness } from './support/system-harness.js';

// DOMAIN §3.2 and §3.5, through all seven services on real Postgres and messaging. Participant
// failures that no demo data can provoke are injected at the participant's edge (FaultInjector);
// failures of the order service's own local steps are covered by the saga engine's unit tests.
for (const kind of messagingKinds()) {
  describe(`CreateOrder saga (${kind})`, () => {
    it('approves an order and leaves every service in the happy-path state', async (t) => {
      const h = await startSystemHarness(t, kind);
      const orderId = await h.placeOrder(h.demo.consumerId);
      await h.sagaEnded(orderId);
      await eventually(() => h.system.delivery.queries.delivery(orderId), 15_000, 'the delivery');
      assert.deepEqual(await entitiesOf(h.system, orderId), {
        order: 'APPROVED',
        rejectionReason: null,
        orderTotal: 2997,
        quantities: 'item1×2 item3×1',
        ticket: 'AWAITING_ACCEPTANCE',
        ticketQuantities: 'item1×2 item3×1',
        authorization: 'AUTHORIZED 2997',
        delivery: 'PENDING',
        saga: 'CREATE_ORDER COMPLETED',
      });
      assert.deepEqual(progressLines(await h.system.order.queries.progressOfOrder(orderId)), [
        '1 SAGA_STARTED',
        '2 STEP_STARTED validateConsumer (consumer)',
        '3 STEP_SUCCEEDED validateConsumer (consumer)',
        '4 STEP_STARTED createTicket (kitchen)',
        '5 STEP_SUCCEEDED createTicket (kitchen)',
        '6 STEP_STARTED authorizeCard (accounting)',
        '7 STEP_SUCCEEDED authorizeCard (accounting)',
        '8 STEP_STARTED confirmTicket (kitchen)',
        '9 STEP_SUCCEEDED confirmTicket (kitchen)',
        '10 STEP_STARTED approveOrder (order)',
        '11 STEP_SUCCEEDED approveOrder (order)',
        '12 SAGA_COMPLETED',
      ]);
      const history = await eventually(async () => {
        const page = await h.system.orderHistory.queries.orderHistory({ consumerId: h.demo.consumerId, filter: { keywords: ['naan'] } });
        return page.edges.find((e) => e.node.orderId === orderId && e.node.state === 'APPROVED');
      });
      assert.equal(history.node.orderTotal, 2997);
    });
  });
}

describe('CreateOrder saga failures (local)', () => {
  it('rejects the order of a disabled account and compensates the ticket', async (t) => {
    const h = await startSystemHarness(t, 'local');
    await h.system.accounting.commands.disableAccount(h.demo.consumerId);
    const orderId = await h.placeOrder(h.demo.consumerId);
    await h.sagaEnded(orderId);
    await eventually(async () => (await h.system.delivery.queries.delivery(orderId))?.status === 'CANCELLED', 15_000, 'the delivery to be cancelled');
    assert.deepEqual(await entitiesOf(h.system, orderId), {
      order: 'REJECTED',
      rejectionReason: 'account disabled',
      orderTotal: 2997,
      quantities: 'item1×2 item3×1',
      ticket: 'CANCELLED',
      ticketQuantities: 'item1×2 item3×1',
      authorization: null,
      delivery: 'CANCELLED',
      saga: 'CREATE_ORDER COMPENSATED',
    });
    assert.deepEqual(progressLines(await h.system.order.queries.progressOfOrder(orderId)), [
      '1 SAGA_STARTED',
      '2 STEP_STARTED validateConsumer (consumer)',
      '3 STEP_SUCCEEDED validateConsumer (consumer)',
      '4 STEP_STARTED createTicket (kitchen)',
      '5 STEP_SUCCEEDED createTicket (kitchen)',
      '6 STEP_STARTED authorizeCard (accounting)',
      '7 STEP_FAILED authorizeCard (accounting) account disabled',
      '8 COMPENSATION_STARTED cancelTicket (kitchen)',
      '9 COMPENSATION_SUCCEEDED cancelTicket (kitchen)',
      '10 COMPENSATION_STARTED rejectOrder (order)',
      '11 COMPENSATION_SUCCEEDED rejectOrder (order)',
      '12 SAGA_COMPENSATED',
    ]);
  });

  it('rejects the order of an unknown consumer', async (t) => {
    const h = await startSystemHarness(t, 'local');
    const stranger = '00000000-0000-4000-8000-000000000001';
    const order = await eventually(() =>
      h.system.order.commands
        .createOrder({
          consumerId: stranger,
          restaurantId: h.demo.restaurantId,
          lineItems: [{ menuItemId: 'item1', quantity: 1 }],
          deliverTo: { street1: '1 Elm St', city: 'Oakland', state: 'CA', zip: '94612' },
        })
        .catch(() => null),
    );
    await h.sagaEnded(order.id);
    const entities = await entitiesOf(h.system, order.id);
    assert.equal(entities.order, 'REJECTED');
    assert.equal(entities.rejectionReason, 'consumer not found');
    assert.equal(entities.ticket, null);
    assert.equal(entities.saga, 'CREATE_ORDER COMPENSATED');
    assert.deepEqual(progressLines(await h.system.order.queries.progressOfOrder(order.id)), [
      '1 SAGA_STARTED',
      '2 STEP_STARTED validateConsumer (consumer)',
      '3 STEP_FAILED validateConsumer (consumer) consumer not found',
      '4 COMPENSATION_STARTED rejectOrder (order)',
      '5 COMPENSATION_SUCCEEDED rejectOrder (order)',
      '6 SAGA_COMPENSATED',
    ]);
    await eventually(async () => (await h.system.delivery.queries.delivery(order.id))?.status === 'CANCELLED', 15_000, 'the delivery to be cancelled');
  });

  // DOMAIN §3.2 outcome table, one row per participant step that can fail.
  const cases = [
    { fail: ['validateConsumer'], order: 'REJECTED', ticket: null, authorization: null, delivery: 'CANCELLED', saga: 'COMPENSATED' },
    { fail: ['createTicket'], order: 'REJECTED', ticket: null, authorization: null, delivery: 'CANCELLED', saga: 'COMPENSATED' },
    { fail: ['authorizeCard'], order: 'REJECTED', ticket: 'CANCELLED', authorization: null, delivery: 'CANCELLED', saga: 'COMPENSATED' },
    { fail: ['confirmTicket'], order: 'APPROVAL_PENDING', ticket: 'CREATE_PENDING', authorization: 'AUTHORIZED 2997', delivery: 'PENDING', saga: 'FAILED' },
    { fail: ['authorizeCard', 'cancelTicket'], order: 'APPROVAL_PENDING', ticket: 'CREATE_PENDING', authorization: null, delivery: 'PENDING', saga: 'FAILED' },
  ];
  it('ends every entity as DOMAIN §3.2 says when a participant step fails', async (t) => {
    const faults = new FaultInjector();
    const h = await startSystemHarness(t, 'local', { faults });
    for (const c of cases) {
      const consumerId = await h.newConsumer(`Fails ${c.fail.join('+')}`);
      faults.failForConsumer(consumerId, ...c.fail);
      const orderId = await h.placeOrder(consumerId);
      await h.sagaEnded(orderId);
      await eventually(() => h.system.delivery.queries.delivery(orderId), 15_000, 'the delivery');
      if (c.delivery === 'CANCELLED') {
        await eventually(async () => (await h.system.delivery.queries.delivery(orderId))?.status === 'CANCELLED', 15_000, 'the delivery to be cancelled');
      }
      const e = await entitiesOf(h.system, orderId);
      const failedStep = c.fail[0];
      assert.deepEqual(
        { order: e.order, ticket: e.ticket, authorization: e.authorization, delivery: e.delivery, saga: e.saga },
        { order: c.order, ticket: c.ticket, authorization: c.authorization, delivery: c.delivery, saga: `CREATE_ORDER ${c.saga}` },
        `when ${c.fail.join(' and ')} fail`,
      );
      assert.equal(e.rejectionReason, c.order === 'REJECTED' ? `injected failure of ${failedStep}` : null);
      const lines = progressLines(await h.system.order.queries.progressOfOrder(orderId));
      assert.ok(
        lines.some((l) => l.endsWith(`STEP_FAILED ${failedStep} (${stepParticipant(failedStep)}) injected failure of ${failedStep}`)),
        lines.join('\n'),
      );
      assert.match(lines.at(-1)!, c.saga === 'FAILED' ? /SAGA_FAILED/ : /SAGA_COMPENSATED/);
    }
  });
});

function stepParticipant(step: string): string {
  return { validateConsumer: 'consumer', createTicket: 'kitchen', authorizeCard: 'accounting', confirmTicket: 'kitchen' }[step] ?? '?';
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { failure, success } from '@ftgo/infra';
import { eventually, messagingKinds } from '@ftgo/infra/testing';
import { accounting, consumer, kitchen } from '@ftgo/schema';
import { deliveryOf, type Harness, orderHarness, rowsOf } from './support/order-harness.js';

const HAPPY_ROWS = [
  '1 SAGA_STARTED - -',
  '2 STEP_STARTED validateConsumer consumer',
  '3 STEP_SUCCEEDED validateConsumer consumer',
  '4 STEP_STARTED createTicket kitchen',
  '5 STEP_SUCCEEDED createTicket kitchen',
  '6 STEP_STARTED authorizeCard accounting',
  '7 STEP_SUCCEEDED authorizeCard accounting',
  '8 STEP_STARTED confirmTicket kitchen',
  '9 STEP_SUCCEEDED confirmTicket kitchen',
  '10 STEP_STARTED approveOrder order',
  '11 STEP_SUCCEEDED approveOrder order',
  '12 SAGA_COMPLETED - -',
];

/** The order's messages in the order service's outbox, oldest first. */
async function outboxOf(h: Harness, orderId: string, type: string) {
  const { rows } = await h.platform.db.query<{
    subject: string;
    aggregate_version: number;
    payload: Record<string, unknown>;
    headers: Record<string, unknown>;
  }>(`SELECT subject, aggregate_version, payload, headers FROM ${h.ordering}.outbox WHERE aggregate_id = $1 AND type = $2 ORDER BY seq`, [orderId, type]);
  return rows;
}

async function stepLatencies(h: Harness): Promise<number> {
  const metric = h.platform.metrics.registry.getSingleMetric('ftgo_saga_step_seconds');
  const { values } = (await metric?.get()) ?? { values: [] };
  return values.filter((v) => (v as { metricName?: string }).metricName === 'ftgo_saga_step_seconds_count').reduce((sum, v) => sum + v.value, 0);
}

for (const kind of messagingKinds()) {
  test(`[${kind}] CreateOrder happy path: APPROVED with the ticket, the 12 rows of DOMAIN §3.5 and one SagaProgressRecorded each`, async (t) => {
    const h = await orderHarness(t, kind);
    const ticketId = randomUUID();
    h.participants.on(kitchen.CreateTicket.type, success(kitchen.CreateTicketReply, { ticketId }));
    const placed = await h.createDemoOrder();
    const ended = await h.ended(placed.id, 'CREATE_ORDER');
    const order = await h.app.queries.order(placed.id);
    assert.deepEqual(order, { ...placed, state: 'APPROVED', version: 2, ticketId });
    assert.deepEqual(ended, {
      id: ended.id,
      type: 'CREATE_ORDER',
      state: 'COMPLETED',
      currentStep: null,
      startedAt: ended.startedAt,
      endedAt: ended.endedAt,
      orderId: placed.id,
    });
    assert.deepEqual(await h.app.queries.saga(ended.id), ended);

    const progress = await h.app.queries.sagaProgress(ended.id);
    assert.deepEqual(rowsOf(progress), HAPPY_ROWS);
    assert.deepEqual(
      progress.map((r) => [r.sagaId, r.sagaType, r.orderId, r.orderSequence]),
      progress.map((_, i) => [ended.id, 'CREATE_ORDER', placed.id, i + 1]),
    );
    assert.equal(progress[0].at, ended.startedAt);
    assert.equal(progress[11].at, ended.endedAt);
    assert.deepEqual(await h.app.queries.progressOfOrder(placed.id), progress);
    assert.deepEqual(await h.app.queries.progressOfOrder(placed.id, 10), progress.slice(10));

    // One SagaProgressRecorded per row, on ftgo.sagas.progress.<orderId>, versioned by orderSequence.
    const recorded = await outboxOf(h, placed.id, 'order.SagaProgressRecorded');
    assert.deepEqual(
      recorded.map((m) => [m.subject, m.aggregate_version, m.payload]),
      progress.map((r) => [h.platform.config.naming.progress(placed.id), r.orderSequence, { ...r, sagaType: 'CreateOrder' }]),
    );
    assert.deepEqual(
      (await outboxOf(h, placed.id, 'order.OrderApproved')).map((m) => [m.aggregate_version, m.payload.ticketId]),
      [[2, ticketId]],
    );

    // The commands, as the participants received them.
    const { naming } = h.platform.config;
    assert.deepEqual(
      h.participants.commandsOf(placed.id).map((c) => [c.type, c.subject, c.headers.sagaId, c.headers.sagaStep, c.headers.replyTo, c.payload]),
      [
        [
          'consumer.ValidateOrderByConsumer',
          naming.commands('consumer'),
          ended.id,
          'validateConsumer',
          naming.replies('CreateOrder'),
          { consumerId: h.consumerId, orderId: placed.id, orderTotal: 2997 },
        ],
        [
          'kitchen.CreateTicket',
          naming.commands('kitchen'),
          ended.id,
          'createTicket',
          naming.replies('CreateOrder'),
          {
            orderId: placed.id,
            restaurantId: h.restaurantId,
            lineItems: [
              { menuItemId: 'item1', name: 'Chicken Vindaloo', quantity: 2 },
              { menuItemId: 'item3', name: 'Garlic Naan', quantity: 1 },
            ],
          },
        ],
        [
          'accounting.AuthorizeOrder',
          naming.commands('accounting'),
          ended.id,
          'authorizeCard',
          naming.replies('CreateOrder'),
          { consumerId: h.consumerId, orderId: placed.id, orderTotal: 2997 },
        ],
        ['kitchen.ConfirmCreateTicket', naming.commands('kitchen'), ended.id, 'confirmTicket', naming.replies('CreateOrder'), { ticketId }],
      ],
    );

    assert.equal(await h.metric('ftgo_sagas_started_total', { type: 'CreateOrder' }), 1);
    assert.equal(await h.metric('ftgo_sagas_ended_total', { type: 'CreateOrder', outcome: 'COMPLETED' }), 1);
    assert.equal(await h.metric('ftgo_orders_placed_total'), 1);
    assert.equal(await h.metric('ftgo_orders_approved_total'), 1);
    assert.equal(await stepLatencies(h), 4);
    assert.equal(await h.metric('ftgo_saga_replies_ignored_total'), 0);
  });
}

test('account disabled: REJECTED `account disabled` after cancelTicket and rejectOrder (DOMAIN §3.5)', async (t) => {
  const h = await orderHarness(t);
  const ticketId = randomUUID();
  h.participants.on(kitchen.CreateTicket.type, success(kitchen.CreateTicketReply, { ticketId }));
  h.participants.on(accounting.AuthorizeOrder.type, failure('account disabled', accounting.AccountDisabledReply));
  const placed = await h.createDemoOrder();
  const ended = await h.ended(placed.id, 'CREATE_ORDER');
  assert.equal(ended.state, 'COMPENSATED');
  const order = await h.app.queries.order(placed.id);
  assert.deepEqual(order, { ...placed, state: 'REJECTED', version: 2, rejectionReason: 'account disabled' });
  assert.deepEqual(rowsOf(await h.app.queries.sagaProgress(ended.id)), [
    '1 SAGA_STARTED - -',
    '2 STEP_STARTED validateConsumer consumer',
    '3 STEP_SUCCEEDED validateConsumer consumer',
    '4 STEP_STARTED createTicket kitchen',
    '5 STEP_SUCCEEDED createTicket kitchen',
    '6 STEP_STARTED authorizeCard accounting',
    '7 STEP_FAILED authorizeCard accounting account disabled',
    '8 COMPENSATION_STARTED cancelTicket kitchen',
    '9 COMPENSATION_SUCCEEDED cancelTicket kitchen',
    '10 COMPENSATION_STARTED rejectOrder order',
    '11 COMPENSATION_SUCCEEDED rejectOrder order',
    '12 SAGA_COMPENSATED - -',
  ]);
  assert.equal((await outboxOf(h, placed.id, 'order.SagaProgressRecorded')).length, 12);
  assert.deepEqual(
    h.participants.commandsOf(placed.id).map((c) => [c.type, c.headers.sagaStep]),
    [
      ['consumer.ValidateOrderByConsumer', 'validateConsumer'],
      ['kitchen.CreateTicket', 'createTicket'],
      ['accounting.AuthorizeOrder', 'authorizeCard'],
      ['kitchen.CancelCreateTicket', 'cancelTicket'],
    ],
  );
  assert.deepEqual(h.participants.commandsOf(placed.id)[3].payload, { ticketId });
  assert.deepEqual(
    (await outboxOf(h, placed.id, 'order.OrderRejected')).map((m) => [m.aggregate_version, m.payload.reason]),
    [[2, 'account disabled']],
  );
  assert.equal(await h.metric('ftgo_orders_rejected_total'), 1);
  assert.equal(await h.metric('ftgo_sagas_ended_total', { type: 'CreateOrder', outcome: 'COMPENSATED' }), 1);
});

test('unknown consumer: REJECTED `consumer not found` after rejectOrder alone', async (t) => {
  const h = await orderHarness(t);
  h.participants.on(consumer.ValidateOrderByConsumer.type, failure('consumer not found', consumer.ConsumerNotFound));
  const placed = await h.createDemoOrder();
  const ended = await h.ended(placed.id, 'CREATE_ORDER');
  assert.equal((await h.app.queries.order(placed.id))?.rejectionReason, 'consumer not found');
  assert.deepEqual(rowsOf(await h.app.queries.sagaProgress(ended.id)), [
    '1 SAGA_STARTED - -',
    '2 STEP_STARTED validateConsumer consumer',
    '3 STEP_FAILED validateConsumer consumer consumer not found',
    '4 COMPENSATION_STARTED rejectOrder order',
    '5 COMPENSATION_SUCCEEDED rejectOrder order',
    '6 SAGA_COMPENSATED - -',
  ]);
});

test('late, duplicate and foreign replies are ignored and counted; a reply delivered twice applies once', async (t) => {
  const h = await orderHarness(t);
  h.participants.on(kitchen.CreateTicket.type, 'hold');
  const placed = await h.createDemoOrder();
  const createTicket = await h.participants.heldCommand(placed.id, kitchen.CreateTicket.type);
  const saga = await h.sagaOf(placed.id, 'CREATE_ORDER');
  const ignored = () => h.metric('ftgo_saga_replies_ignored_total', { type: 'CreateOrder' });

  // A second reply to validateConsumer (a new message), and a reply for a saga that does not exist.
  const validate = h.participants.commandsOf(placed.id).find((c) => c.type === consumer.ValidateOrderByConsumer.type)!;
  await h.participants.reply(validate, success());
  await h.participants.reply(
    { ...createTicket, headers: { ...createTicket.headers, sagaId: randomUUID() } },
    success(kitchen.CreateTicketReply, { ticketId: randomUUID() }),
  );
  await eventually(async () => (await ignored()) === 2, 15_000, 'two ignored replies');
  assert.deepEqual(await h.app.queries.saga(saga.id), { ...saga, state: 'RUNNING', currentStep: 'createTicket' });
  assert.equal((await h.app.queries.sagaProgress(saga.id)).length, 4);

  // The awaited reply, delivered twice: the inbox lets it apply once, and the duplicate is not "ignored" either.
  const ticketId = randomUUID();
  const reply = h.platform.messages('kitchen').reply(createTicket, kitchen.CreateTicketReply, 'SUCCESS', { ticketId });
  await h.handlers['saga-replies'](deliveryOf(reply));
  await h.handlers['saga-replies'](deliveryOf(reply));
  const afterReply = await h.app.queries.sagaProgress(saga.id);
  assert.deepEqual(rowsOf(afterReply).slice(4), ['5 STEP_SUCCEEDED createTicket kitchen', '6 STEP_STARTED authorizeCard accounting']);
  assert.equal(await ignored(), 2);

  const ended = await h.ended(placed.id, 'CREATE_ORDER');
  assert.equal(ended.state, 'COMPLETED');
  assert.equal((await h.app.queries.order(placed.id))?.ticketId, ticketId);

  // Late: a repeat of the last remote reply after the saga completed.
  const confirm = h.participants.commandsOf(placed.id).find((c) => c.type === kitchen.ConfirmCreateTicket.type)!;
  await h.participants.reply(confirm, success());
  await eventually(async () => (await ignored()) === 3, 15_000, 'the late reply ignored');
  assert.deepEqual(rowsOf(await h.app.queries.sagaProgress(saga.id)), HAPPY_ROWS);
  assert.deepEqual(await h.app.queries.saga(saga.id), ended);
  assert.equal(await h.metric('ftgo_sagas_ended_total'), 1);
});

test('50 orders placed at once all reach APPROVED', async (t) => {
  const h = await orderHarness(t);
  const placed = await Promise.all(Array.from({ length: 50 }, () => h.createDemoOrder()));
  assert.equal(new Set(placed.map((o) => o.id)).size, 50);
  await eventually(async () => (await h.app.queries.ordersByIds(placed.map((o) => o.id))).every((o) => o?.state === 'APPROVED'), 60_000, '50 orders APPROVED');
  assert.equal(await h.count(`${h.ordering}.saga_instances WHERE type = 'CreateOrder' AND state = 'COMPLETED'`), 50);
  assert.equal(await h.count(`${h.ordering}.saga_progress`), 600);
  assert.equal(await h.metric('ftgo_orders_placed_total'), 50);
  assert.equal(await h.metric('ftgo_orders_approved_total'), 50);
  assert.equal(await h.metric('ftgo_sagas_ended_total', { type: 'CreateOrder', outcome: 'COMPLETED' }), 50);
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { failure, success } from '@ftgo/infra';
import { accounting, DomainError, kitchen } from '@ftgo/schema';
import type { OrderView } from '../src/application/index.js';
import { type Harness, orderHarness, rowsOf } from './support/order-harness.js';

/** An APPROVED demo order (2997) with a known ticket. */
async function approvedOrder(h: Harness): Promise<{ order: OrderView; ticketId: string }> {
  const ticketId = randomUUID();
  h.participants.on(kitchen.CreateTicket.type, success(kitchen.CreateTicketReply, { ticketId }));
  const placed = await h.createDemoOrder();
  assert.equal((await h.ended(placed.id, 'CREATE_ORDER')).state, 'COMPLETED');
  const order = await h.app.queries.order(placed.id);
  assert.equal(order?.state, 'APPROVED');
  return { order, ticketId };
}

const commandsAfterCreate = (h: Harness, orderId: string) =>
  h.participants
    .commandsOf(orderId)
    .filter((c) => c.headers.sagaType !== 'CreateOrder')
    .map((c) => [c.type, c.headers.sagaStep, c.headers.replyTo, c.payload]);

test('cancelOrder: CANCEL_PENDING at once with rows 1–4 committed, then CANCELLED after the 12 rows; orderSequence continues', async (t) => {
  const h = await orderHarness(t);
  const { order, ticketId } = await approvedOrder(h);
  const key = randomUUID();
  const view = await h.app.commands.cancelOrder({ id: order.id }, { idempotencyKey: key });
  assert.deepEqual(view, { ...order, state: 'CANCEL_PENDING', version: 3 });
  // A repeat with the key gets the first answer, and starts nothing.
  assert.deepEqual(await h.app.commands.cancelOrder({ id: order.id }, { idempotencyKey: key }), view);

  const ended = await h.ended(order.id, 'CANCEL_ORDER');
  assert.equal(ended.state, 'COMPLETED');
  assert.deepEqual(await h.app.queries.order(order.id), { ...order, state: 'CANCELLED', version: 4 });
  const progress = await h.app.queries.sagaProgress(ended.id);
  assert.deepEqual(rowsOf(progress), [
    '1 SAGA_STARTED - -',
    '2 STEP_STARTED beginCancelOrder order',
    '3 STEP_SUCCEEDED beginCancelOrder order',
    '4 STEP_STARTED beginCancelTicket kitchen',
    '5 STEP_SUCCEEDED beginCancelTicket kitchen',
    '6 STEP_STARTED reverseAuthorization accounting',
    '7 STEP_SUCCEEDED reverseAuthorization accounting',
    '8 STEP_STARTED confirmCancelTicket kitchen',
    '9 STEP_SUCCEEDED confirmCancelTicket kitchen',
    '10 STEP_STARTED confirmCancelOrder order',
    '11 STEP_SUCCEEDED confirmCancelOrder order',
    '12 SAGA_COMPLETED - -',
  ]);
  assert.deepEqual(
    progress.map((r) => [r.sagaType, r.orderSequence]),
    progress.map((_, i) => ['CANCEL_ORDER', 13 + i]),
  );
  assert.equal(progress[3].at, ended.startedAt, 'rows 1–4 were committed with the mutation');
  assert.deepEqual(await h.app.queries.progressOfOrder(order.id, 12), progress);
  assert.deepEqual(
    (await h.app.queries.sagasOfOrder(order.id)).map((s) => [s.type, s.state]),
    [
      ['CREATE_ORDER', 'COMPLETED'],
      ['CANCEL_ORDER', 'COMPLETED'],
    ],
  );
  const replyTo = h.platform.config.naming.replies('CancelOrder');
  assert.deepEqual(commandsAfterCreate(h, order.id), [
    ['kitchen.BeginCancelTicket', 'beginCancelTicket', replyTo, { ticketId, restaurantId: h.restaurantId }],
    ['accounting.ReverseAuthorizeOrder', 'reverseAuthorization', replyTo, { consumerId: h.consumerId, orderId: order.id, orderTotal: 2997 }],
    ['kitchen.ConfirmCancelTicket', 'confirmCancelTicket', replyTo, { ticketId }],
  ]);
  assert.equal(await h.count(`${h.ordering}.outbox WHERE aggregate_id = $1 AND type = 'order.SagaProgressRecorded'`, [order.id]), 24);
  assert.equal(await h.metric('ftgo_orders_cancelled_total'), 1);
  assert.equal(await h.metric('ftgo_sagas_started_total', { type: 'CancelOrder' }), 1);
  assert.equal(await h.metric('ftgo_sagas_ended_total', { type: 'CancelOrder', outcome: 'COMPLETED' }), 1);
  await assert.rejects(h.app.commands.cancelOrder({ id: order.id }), { code: 'FAILED_PRECONDITION', message: 'order state does not allow action' });
});

test('cancelOrder twice at once: one CANCEL_PENDING, the other FAILED_PRECONDITION, one saga', async (t) => {
  const h = await orderHarness(t);
  h.participants.on(kitchen.BeginCancelTicket.type, 'hold');
  const { order } = await approvedOrder(h);
  const results = await Promise.allSettled([h.app.commands.cancelOrder({ id: order.id }), h.app.commands.cancelOrder({ id: order.id })]);
  const fulfilled = results.filter((r) => r.status === 'fulfilled');
  const rejected = results.filter((r) => r.status === 'rejected');
  assert.equal(fulfilled.length, 1);
  assert.equal(rejected.length, 1);
  assert.ok(rejected[0].reason instanceof DomainError && rejected[0].reason.code === 'FAILED_PRECONDITION', String(rejected[0].reason));
  assert.equal(await h.count(`${h.ordering}.saga_instances WHERE type = 'CancelOrder'`), 1);
});

test('cancelOrder compensates when the kitchen refuses: APPROVED again after undoCancelOrder', async (t) => {
  const h = await orderHarness(t);
  h.participants.on(kitchen.BeginCancelTicket.type, failure('ticket state does not allow action'));
  const { order } = await approvedOrder(h);
  assert.equal((await h.app.commands.cancelOrder({ id: order.id })).state, 'CANCEL_PENDING');
  const ended = await h.ended(order.id, 'CANCEL_ORDER');
  assert.equal(ended.state, 'COMPENSATED');
  assert.deepEqual(await h.app.queries.order(order.id), { ...order, state: 'APPROVED', version: 4 });
  assert.deepEqual(rowsOf(await h.app.queries.sagaProgress(ended.id)), [
    '1 SAGA_STARTED - -',
    '2 STEP_STARTED beginCancelOrder order',
    '3 STEP_SUCCEEDED beginCancelOrder order',
    '4 STEP_STARTED beginCancelTicket kitchen',
    '5 STEP_FAILED beginCancelTicket kitchen ticket state does not allow action',
    '6 COMPENSATION_STARTED undoCancelOrder order',
    '7 COMPENSATION_SUCCEEDED undoCancelOrder order',
    '8 SAGA_COMPENSATED - -',
  ]);
  assert.equal(await h.metric('ftgo_orders_cancelled_total'), 0);
  assert.equal(await h.metric('ftgo_sagas_ended_total', { type: 'CancelOrder', outcome: 'COMPENSATED' }), 1);
});

test('cancelOrder FAILED past the pivot: confirmCancelTicket fails, the order stays CANCEL_PENDING', async (t) => {
  const h = await orderHarness(t);
  h.participants.on(kitchen.ConfirmCancelTicket.type, failure('ticket state does not allow action'));
  const { order } = await approvedOrder(h);
  await h.app.commands.cancelOrder({ id: order.id });
  const ended = await h.ended(order.id, 'CANCEL_ORDER');
  assert.deepEqual([ended.state, ended.currentStep], ['FAILED', null]);
  assert.equal((await h.app.queries.order(order.id))?.state, 'CANCEL_PENDING');
  assert.deepEqual(rowsOf(await h.app.queries.sagaProgress(ended.id)).slice(7), [
    '8 STEP_STARTED confirmCancelTicket kitchen',
    '9 STEP_FAILED confirmCancelTicket kitchen ticket state does not allow action',
    '10 SAGA_FAILED confirmCancelTicket kitchen ticket state does not allow action',
  ]);
  assert.equal(await h.metric('ftgo_sagas_ended_total', { type: 'CancelOrder', outcome: 'FAILED' }), 1);
});

test('reviseOrder: REVISION_PENDING at once, then APPROVED with item1 × 1 and the total 2997 → 1698 (DOMAIN §6)', async (t) => {
  const h = await orderHarness(t);
  const { order, ticketId } = await approvedOrder(h);
  const revisedQuantities = [{ menuItemId: 'item1', quantity: 1 }];
  const view = await h.app.commands.reviseOrder({ id: order.id, lineItems: revisedQuantities });
  assert.deepEqual(view, { ...order, state: 'REVISION_PENDING', version: 3 });
  const { rows } = await h.platform.db.query(`SELECT payload FROM ${h.ordering}.outbox WHERE aggregate_id = $1 AND type = 'order.OrderProposedRevision'`, [
    order.id,
  ]);
  const proposed = rows[0].payload as Record<string, unknown>;
  assert.deepEqual(proposed, { orderId: order.id, currentOrderTotal: 2997, newOrderTotal: 1698, revisedQuantities, occurredAt: proposed.occurredAt });

  const ended = await h.ended(order.id, 'REVISE_ORDER');
  assert.equal(ended.state, 'COMPLETED');
  assert.deepEqual(await h.app.queries.order(order.id), {
    ...order,
    state: 'APPROVED',
    version: 4,
    lineItems: [
      { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 1, total: 1299 },
      { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1, total: 399 },
    ],
    orderTotal: 1698,
  });
  assert.deepEqual(rowsOf(await h.app.queries.sagaProgress(ended.id)), [
    '1 SAGA_STARTED - -',
    '2 STEP_STARTED beginReviseOrder order',
    '3 STEP_SUCCEEDED beginReviseOrder order',
    '4 STEP_STARTED beginReviseTicket kitchen',
    '5 STEP_SUCCEEDED beginReviseTicket kitchen',
    '6 STEP_STARTED reviseAuthorization accounting',
    '7 STEP_SUCCEEDED reviseAuthorization accounting',
    '8 STEP_STARTED confirmReviseTicket kitchen',
    '9 STEP_SUCCEEDED confirmReviseTicket kitchen',
    '10 STEP_STARTED confirmReviseOrder order',
    '11 STEP_SUCCEEDED confirmReviseOrder order',
    '12 SAGA_COMPLETED - -',
  ]);
  const replyTo = h.platform.config.naming.replies('ReviseOrder');
  assert.deepEqual(commandsAfterCreate(h, order.id), [
    ['kitchen.BeginReviseTicket', 'beginReviseTicket', replyTo, { ticketId, revisedQuantities }],
    ['accounting.ReviseAuthorizeOrder', 'reviseAuthorization', replyTo, { consumerId: h.consumerId, orderId: order.id, orderTotal: 1698 }],
    ['kitchen.ConfirmReviseTicket', 'confirmReviseTicket', replyTo, { ticketId, revisedQuantities }],
  ]);
  assert.equal(await h.metric('ftgo_orders_revised_total'), 1);
  assert.equal(await h.metric('ftgo_sagas_ended_total', { type: 'ReviseOrder', outcome: 'COMPLETED' }), 1);
});

test('reviseOrder compensates when the account is disabled: APPROVED with the old quantities and 2997', async (t) => {
  const h = await orderHarness(t);
  h.participants.on(accounting.ReviseAuthorizeOrder.type, failure('account disabled', accounting.AccountDisabledReply));
  const { order } = await approvedOrder(h);
  await h.app.commands.reviseOrder({ id: order.id, lineItems: [{ menuItemId: 'item1', quantity: 1 }] });
  const ended = await h.ended(order.id, 'REVISE_ORDER');
  assert.equal(ended.state, 'COMPENSATED');
  assert.deepEqual(await h.app.queries.order(order.id), { ...order, state: 'APPROVED', version: 4 });
  assert.deepEqual(rowsOf(await h.app.queries.sagaProgress(ended.id)).slice(6), [
    '7 STEP_FAILED reviseAuthorization accounting account disabled',
    '8 COMPENSATION_STARTED undoReviseTicket kitchen',
    '9 COMPENSATION_SUCCEEDED undoReviseTicket kitchen',
    '10 COMPENSATION_STARTED undoReviseOrder order',
    '11 COMPENSATION_SUCCEEDED undoReviseOrder order',
    '12 SAGA_COMPENSATED - -',
  ]);
  assert.deepEqual(
    commandsAfterCreate(h, order.id).map(([type]) => type),
    ['kitchen.BeginReviseTicket', 'accounting.ReviseAuthorizeOrder', 'kitchen.UndoReviseTicket'],
  );
  assert.equal(await h.metric('ftgo_orders_revised_total'), 0);
});

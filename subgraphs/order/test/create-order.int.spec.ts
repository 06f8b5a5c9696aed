import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { DomainError, type ErrorCode } from '@ftgo/schema';
import { DEMO_LINE_ITEMS, type Harness, HOME, orderHarness } from './support/order-harness.js';

async function rejects(promise: Promise<unknown>, code: ErrorCode, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.deepEqual({ code: error.code, message: error.message }, { code, message });
    return true;
  });
}

/** What a rejected command must leave untouched in the order service's schema. */
async function footprint(h: Harness): Promise<Record<string, number>> {
  return {
    events: await h.count(`${h.ordering}.events`),
    outbox: await h.count(`${h.ordering}.outbox`),
    sagas: await h.count(`${h.ordering}.saga_instances`),
    progress: await h.count(`${h.ordering}.saga_progress`),
    keys: await h.count(`${h.ordering}.idempotency_keys`),
  };
}

test('createOrder refuses with each DOMAIN §1.5 message, in check order, and writes nothing', async (t) => {
  const h = await orderHarness(t);
  const before = await footprint(h);
  const past = new Date(Date.now() - 60_000).toISOString();
  const cases: [Partial<Parameters<typeof h.createDemoOrder>[0]>, ErrorCode, string][] = [
    [{ lineItems: [], restaurantId: randomUUID() }, 'BAD_USER_INPUT', 'an order must have at least one line item'],
    [{ lineItems: [{ menuItemId: 'item1', quantity: 0 }] }, 'BAD_USER_INPUT', 'quantity must be at least 1'],
    [{ lineItems: [...DEMO_LINE_ITEMS, { menuItemId: 'item1', quantity: 1 }] }, 'BAD_USER_INPUT', 'duplicate menu item in line items'],
    [{ deliverTo: HOME }, 'BAD_USER_INPUT', 'exactly one of deliverTo and deliverToAddressId is required'],
    [{ deliverToAddressId: null }, 'BAD_USER_INPUT', 'exactly one of deliverTo and deliverToAddressId is required'],
    [{ deliverToAddressId: null, deliverTo: { ...HOME, street1: '  ' } }, 'BAD_USER_INPUT', 'street1 is required'],
    [{ deliverAt: past, restaurantId: randomUUID() }, 'BAD_USER_INPUT', 'deliverAt is in the past'],
    [{ restaurantId: randomUUID() }, 'NOT_FOUND', 'restaurant not found'],
    [{ restaurantId: 'not-a-uuid' }, 'NOT_FOUND', 'restaurant not found'],
    [{ lineItems: [{ menuItemId: 'item9', quantity: 1 }], consumerId: randomUUID() }, 'NOT_FOUND', 'item9: menu item not found'],
    [{ consumerId: randomUUID() }, 'NOT_FOUND', 'consumer not found'],
    [{ consumerId: 'not-a-uuid' }, 'NOT_FOUND', 'consumer not found'],
    [{ deliverToAddressId: 'Office' }, 'NOT_FOUND', 'an address with that identifier does not exist'],
  ];
  for (const [input, code, message] of cases) await rejects(h.createDemoOrder(input), code, message);
  // With a key too: a refused command stores no response, so a corrected retry could still use the key.
  await rejects(
    h.app.commands.createOrder({ ...demoInput(h), lineItems: [] }, { idempotencyKey: randomUUID() }),
    'BAD_USER_INPUT',
    'an order must have at least one line item',
  );
  assert.deepEqual(await footprint(h), before);
});

const demoInput = (h: Harness) => ({ consumerId: h.consumerId, restaurantId: h.restaurantId, lineItems: DEMO_LINE_ITEMS, deliverToAddressId: 'Home' });

test('createOrder returns APPROVAL_PENDING with the demo total 2997, OrderCreated in the outbox, and the saga follows', async (t) => {
  const h = await orderHarness(t);
  const before = Date.now();
  const view = await h.createDemoOrder();
  const createdAt = Date.parse(view.createdAt);
  assert.ok(createdAt >= before - 5 && createdAt <= Date.now());
  assert.deepEqual(view, {
    id: view.id,
    state: 'APPROVAL_PENDING',
    version: 1,
    consumerId: h.consumerId,
    restaurantId: h.restaurantId,
    restaurantName: 'Ajanta',
    lineItems: [
      { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2, total: 2598 },
      { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1, total: 399 },
    ],
    orderTotal: 2997,
    deliverAt: new Date(createdAt + 30 * 60_000).toISOString(),
    deliverTo: HOME,
    rejectionReason: null,
    ticketId: null,
    createdAt: view.createdAt,
  });
  const { rows } = await h.platform.db.query(
    `SELECT type, aggregate_version, payload FROM ${h.ordering}.outbox WHERE aggregate_id = $1 AND type = 'order.OrderCreated'`,
    [view.id],
  );
  assert.equal(rows.length, 1);
  assert.equal(rows[0].aggregate_version, 1);
  assert.deepEqual(rows[0].payload, {
    orderId: view.id,
    consumerId: h.consumerId,
    restaurantId: h.restaurantId,
    restaurantName: 'Ajanta',
    lineItems: [
      { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2 },
      { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1 },
    ],
    orderTotal: 2997,
    deliverAt: view.deliverAt,
    deliverTo: HOME,
    createdAt: view.createdAt,
    occurredAt: (rows[0].payload as { occurredAt: string }).occurredAt,
  });
  assert.equal(await h.metric('ftgo_orders_placed_total'), 1);

  // An inline address skips the address book: the consumer is checked only by the saga's validateConsumer.
  const inline = await h.createDemoOrder({ consumerId: randomUUID(), deliverToAddressId: null, deliverTo: { ...HOME, street1: ' 9 Elm St. ', street2: ' ' } });
  assert.deepEqual(inline.deliverTo, { ...HOME, street1: '9 Elm St.', street2: null });

  assert.equal((await h.ended(view.id, 'CREATE_ORDER')).state, 'COMPLETED');
  assert.equal((await h.app.queries.order(view.id))?.state, 'APPROVED');
  assert.deepEqual(await h.app.queries.ordersByIds([inline.id, 'nope', randomUUID(), view.id]), [
    await h.app.queries.order(inline.id),
    null,
    null,
    await h.app.queries.order(view.id),
  ]);
  assert.equal(await h.app.queries.orderExists(view.id), true);
});

test('one idempotency key sent three times at once makes one order; another request with it is CONFLICT', async (t) => {
  const h = await orderHarness(t);
  const key = randomUUID();
  const responses = await Promise.all([1, 2, 3].map(() => h.app.commands.createOrder(demoInput(h), { idempotencyKey: key })));
  assert.deepStrictEqual(responses[1], responses[0]);
  assert.deepStrictEqual(responses[2], responses[0]);
  assert.equal(await h.count(`${h.ordering}.events WHERE type = 'OrderCreated'`), 1);
  assert.equal(await h.metric('ftgo_orders_placed_total'), 1);
  await h.ended(responses[0].id, 'CREATE_ORDER');
  assert.equal((await h.app.queries.sagasOfOrder(responses[0].id)).length, 1);
  // A later repeat gets the first response, not the order as it is now; an explicit null is the same request as an absent field.
  assert.deepStrictEqual(await h.app.commands.createOrder({ ...demoInput(h), deliverTo: null, deliverAt: null }, { idempotencyKey: key }), responses[0]);
  await rejects(
    h.app.commands.createOrder({ ...demoInput(h), lineItems: [{ menuItemId: 'item2', quantity: 1 }] }, { idempotencyKey: key }),
    'CONFLICT',
    'idempotency key was used with a different request',
  );
  assert.equal(await h.count(`${h.ordering}.events WHERE type = 'OrderCreated'`), 1);
});

test('unknown and malformed ids: queries answer null or empty, cancelOrder and reviseOrder NOT_FOUND; a pending order refuses both', async (t) => {
  const h = await orderHarness(t);
  for (const id of ['nope', randomUUID()]) {
    assert.equal(await h.app.queries.order(id), null);
    assert.equal(await h.app.queries.saga(id), null);
    assert.deepEqual(await h.app.queries.sagasOfOrder(id), []);
    assert.deepEqual(await h.app.queries.sagaProgress(id), []);
    assert.deepEqual(await h.app.queries.progressOfOrder(id), []);
    assert.equal(await h.app.queries.orderExists(id), false);
    await rejects(h.app.commands.cancelOrder({ id }), 'NOT_FOUND', 'order not found');
    // NOT_FOUND comes before the revision's BAD_USER_INPUT checks.
    await rejects(h.app.commands.reviseOrder({ id, lineItems: [] }), 'NOT_FOUND', 'order not found');
  }

  // Held at validateConsumer, the order stays APPROVAL_PENDING.
  h.participants.on('consumer.ValidateOrderByConsumer', 'hold');
  const pending = await h.createDemoOrder();
  await h.participants.heldCommand(pending.id, 'consumer.ValidateOrderByConsumer');
  const before = await footprint(h);
  await rejects(h.app.commands.cancelOrder({ id: pending.id }), 'FAILED_PRECONDITION', 'order state does not allow action');
  await rejects(h.app.commands.reviseOrder({ id: pending.id, lineItems: [] }), 'BAD_USER_INPUT', 'a revision must change at least one line item');
  await rejects(
    h.app.commands.reviseOrder({ id: pending.id, lineItems: [{ menuItemId: 'item1', quantity: -1 }] }),
    'BAD_USER_INPUT',
    'quantity must not be negative',
  );
  await rejects(
    h.app.commands.reviseOrder({ id: pending.id, lineItems: [{ menuItemId: 'item2', quantity: 1 }] }),
    'BAD_USER_INPUT',
    'item2: line item not found',
  );
  await rejects(
    h.app.commands.reviseOrder({ id: pending.id, lineItems: [{ menuItemId: 'item1', quantity: 2 }] }),
    'BAD_USER_INPUT',
    'revision does not change the order',
  );
  await rejects(
    h.app.commands.reviseOrder({
      id: pending.id,
      lineItems: [
        { menuItemId: 'item1', quantity: 0 },
        { menuItemId: 'item3', quantity: 0 },
      ],
    }),
    'BAD_USER_INPUT',
    'order total does not meet the minimum',
  );
  await rejects(
    h.app.commands.reviseOrder({ id: pending.id, lineItems: [{ menuItemId: 'item1', quantity: 1 }] }),
    'FAILED_PRECONDITION',
    'order state does not allow action',
  );
  assert.deepEqual(await footprint(h), before);
  assert.deepEqual(
    (await h.app.queries.sagasOfOrder(pending.id)).map((s) => s.type),
    ['CREATE_ORDER'],
  );
  assert.equal((await h.app.queries.order(pending.id))?.state, 'APPROVAL_PENDING');
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { eventually } from '@ftgo/infra/testing';
import { consumer, type Envelope, order, restaurant, Transient } from '@ftgo/schema';
import { AJANTA, DEMO_LINE_ITEMS, deliveryOf, type Harness, HOME, orderHarness } from './support/order-harness.js';

const handled = (h: Harness, subscription: string, envelope: Envelope) =>
  eventually(
    () => h.count(`${h.ordering}.inbox WHERE consumer = $1 AND message_id = $2`, [`order.${subscription}`, envelope.id]),
    15_000,
    `${envelope.type} v${envelope.aggregateVersion} handled`,
  );

async function restaurantRow(h: Harness, restaurantId: string) {
  const { rows } = await h.platform.db.query(`SELECT name, menu, version FROM ${h.ordering}.restaurant_replicas WHERE restaurant_id = $1`, [restaurantId]);
  return rows[0] ?? null;
}

async function consumerRow(h: Harness, consumerId: string) {
  const { rows } = await h.platform.db.query(`SELECT name, addresses, version FROM ${h.ordering}.consumer_replicas WHERE consumer_id = $1`, [consumerId]);
  return rows[0] ?? null;
}

test('restaurant replica: full state, newer versions only; new orders pay the revised price, placed ones keep theirs (DOMAIN §4.2)', async (t) => {
  const h = await orderHarness(t);
  const placed = await h.createDemoOrder();
  const r = h.platform.messages('restaurant');
  const occurredAt = new Date().toISOString();
  const revisedMenu = AJANTA.menu.map((item) => (item.id === 'item3' ? { ...item, price: 449 } : item));
  const v3 = r.event(
    restaurant.RestaurantMenuRevised,
    { id: h.restaurantId, version: 3 },
    { restaurantId: h.restaurantId, ...AJANTA, menu: revisedMenu, occurredAt },
  );
  const v2 = r.event(restaurant.RestaurantMenuRevised, { id: h.restaurantId, version: 2 }, { restaurantId: h.restaurantId, ...AJANTA, menu: [], occurredAt });
  await h.publish('restaurant', [v3, v2]);
  await handled(h, 'restaurant-events', v2);
  assert.deepEqual(await restaurantRow(h, h.restaurantId), { name: 'Ajanta', menu: revisedMenu, version: 3 });

  const next = await h.createDemoOrder();
  assert.equal(next.orderTotal, 2 * 1299 + 449);
  assert.equal(next.lineItems[1].price, 449);
  assert.equal((await h.app.queries.order(placed.id))?.orderTotal, 2997);

  // One delivery handled twice, and the same version again in another message: nothing changes.
  const restaurantId = randomUUID();
  const created = r.event(restaurant.RestaurantCreated, { id: restaurantId, version: 1 }, { restaurantId, ...AJANTA, name: 'Bombay', occurredAt });
  await h.handlers['restaurant-events'](deliveryOf(created));
  await h.handlers['restaurant-events'](deliveryOf(created));
  const again = r.event(restaurant.RestaurantCreated, { id: restaurantId, version: 1 }, { restaurantId, ...AJANTA, name: 'Renamed', occurredAt });
  await h.handlers['restaurant-events'](deliveryOf(again));
  assert.deepEqual(await restaurantRow(h, restaurantId), { name: 'Bombay', menu: AJANTA.menu, version: 1 });
});

test('consumer replica folds every Consumer event in version order; an event ahead of the replica waits (Transient)', async (t) => {
  const h = await orderHarness(t);
  const c = h.platform.messages('consumer');
  const occurredAt = new Date().toISOString();
  const consumerId = randomUUID();
  const work = { street1: '1 Market St.', street2: null, city: 'San Francisco', state: 'CA', zip: '94105' };
  const event = [
    c.event(consumer.ConsumerRegistered, { id: consumerId, version: 1 }, { consumerId, name: 'Bea', occurredAt }),
    c.event(consumer.AddressAdded, { id: consumerId, version: 2 }, { consumerId, addressId: 'Work', address: work, occurredAt }),
    c.event(consumer.AddressAdded, { id: consumerId, version: 3 }, { consumerId, addressId: 'Home', address: HOME, occurredAt }),
    c.event(consumer.AddressUpdated, { id: consumerId, version: 4 }, { consumerId, addressId: 'Work', address: { ...work, zip: '94106' }, occurredAt }),
    c.event(consumer.ConsumerUpdated, { id: consumerId, version: 5 }, { consumerId, name: 'Bea Anders', occurredAt }),
    c.event(consumer.AddressRemoved, { id: consumerId, version: 6 }, { consumerId, addressId: 'Home', occurredAt }),
  ];
  const handler = h.handlers['consumer-events'];

  // Directly: v2 before v1 is Transient and leaves nothing behind (not even the inbox claim), so it can come back.
  await assert.rejects(handler(deliveryOf(event[1])), Transient);
  assert.equal(await consumerRow(h, consumerId), null);
  await handler(deliveryOf(event[0]));
  await handler(deliveryOf(event[0]));
  await handler(deliveryOf(event[1]));
  assert.deepEqual(await consumerRow(h, consumerId), { name: 'Bea', addresses: [{ addressId: 'Work', address: work }], version: 2 });

  // Through the bus, the rest in order; a re-sent older version (a new message) is ignored.
  const stale = c.event(consumer.ConsumerUpdated, { id: consumerId, version: 2 }, { consumerId, name: 'Stale', occurredAt });
  await h.publish('consumer', [...event.slice(2), stale]);
  await handled(h, 'consumer-events', stale);
  assert.deepEqual(await consumerRow(h, consumerId), {
    name: 'Bea Anders',
    addresses: [{ addressId: 'Work', address: { ...work, zip: '94106' } }],
    version: 6,
  });

  // createOrder reads the address book as folded: the updated address is copied, the removed label is unknown.
  const input = { consumerId, restaurantId: h.restaurantId, lineItems: DEMO_LINE_ITEMS };
  assert.deepEqual((await h.app.commands.createOrder({ ...input, deliverToAddressId: 'Work' })).deliverTo, { ...work, zip: '94106' });
  await assert.rejects(h.app.commands.createOrder({ ...input, deliverToAddressId: 'Home' }), {
    code: 'NOT_FOUND',
    message: 'an address with that identifier does not exist',
  });
});

test('OrderCreated starts one CreateOrder saga however often it arrives; other Order events start nothing', async (t) => {
  const h = await orderHarness(t);
  h.participants.on(consumer.ValidateOrderByConsumer.type, 'hold');
  const orderId = randomUUID();
  const now = new Date().toISOString();
  const payload = {
    orderId,
    consumerId: h.consumerId,
    restaurantId: h.restaurantId,
    restaurantName: 'Ajanta',
    lineItems: [{ menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 1 }],
    orderTotal: 1299,
    deliverAt: now,
    deliverTo: HOME,
    createdAt: now,
    occurredAt: now,
  };
  const messages = h.platform.messages('order');
  const created = messages.event(order.OrderCreated, { id: orderId, version: 1 }, payload);
  const startSaga = h.handlers['saga-start'];
  await startSaga(deliveryOf(created));
  await startSaga(deliveryOf(created));
  // The same event re-published as another message: the saga exists already.
  await startSaga(deliveryOf(messages.event(order.OrderCreated, { id: orderId, version: 1 }, payload)));
  await startSaga(deliveryOf(messages.event(order.OrderApproved, { id: orderId, version: 2 }, { orderId, ticketId: randomUUID(), occurredAt: now })));

  const sagas = await h.app.queries.sagasOfOrder(orderId);
  assert.deepEqual(
    sagas.map((s) => [s.type, s.state, s.currentStep]),
    [['CREATE_ORDER', 'RUNNING', 'validateConsumer']],
  );
  assert.equal((await h.app.queries.sagaProgress(sagas[0].id)).length, 2);
  assert.equal(await h.count(`${h.ordering}.outbox WHERE aggregate_id = $1 AND type = 'consumer.ValidateOrderByConsumer'`, [orderId]), 1);
  const validate = await h.participants.heldCommand(orderId, consumer.ValidateOrderByConsumer.type);
  assert.deepEqual(validate.payload, { consumerId: h.consumerId, orderId, orderTotal: 1299 });
  assert.equal(await h.metric('ftgo_sagas_started_total', { type: 'CreateOrder' }), 1);
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Subscription } from '@ftgo/infra';
import { type Envelope, Naming, NotFound, saga } from '@ftgo/schema';
import { BusLiveFeed } from '../src/adapters/bus-live-feed.js';
import type { LoadedOrder, OrderReader, SagaReader } from '../src/application/ports.js';
import { subscribeOrderState } from '../src/application/subscribe-order-state.js';
import { subscribeSagaProgress } from '../src/application/subscribe-saga-progress.js';
import type { ExistingOrder, Order } from '../src/domain/index.js';

const naming = new Naming('');

/** The messaging port's `live` in memory: `publish` hands an envelope to every listener of its exact subject. */
function memoryBus() {
  const listeners = new Map<number, { subject: string; listener: (envelope: Envelope) => void }>();
  let next = 0;
  return {
    live: async (subject: string, listener: (envelope: Envelope) => void): Promise<Subscription> => {
      const id = next++;
      listeners.set(id, { subject, listener });
      return { close: async () => void listeners.delete(id) };
    },
    publish: (envelope: Envelope) => {
      for (const l of listeners.values()) if (l.subject === envelope.subject) l.listener(envelope);
    },
    get listening() {
      return listeners.size;
    },
  };
}

const envelope = (subject: string, type: string, aggregateId: string, aggregateVersion: number, payload: unknown): Envelope => ({
  id: randomUUID(),
  type,
  source: 'order',
  subject,
  aggregateType: 'Order',
  aggregateId,
  aggregateVersion,
  payload,
  headers: {},
});

const progressRow = (orderId: string, orderSequence: number): saga.SagaProgress => ({
  sagaId: '6f1c1f49-6c41-4a40-9e1e-0a4b3f7a0001',
  sagaType: 'CreateOrder',
  orderId,
  sequence: orderSequence,
  orderSequence,
  kind: orderSequence === 1 ? 'SAGA_STARTED' : 'STEP_STARTED',
  step: null,
  participant: null,
  reason: null,
  at: new Date(Date.UTC(2025, 2, 1, 12, 0, orderSequence)).toISOString(),
});

const progressEnvelope = (orderId: string, orderSequence: number) =>
  envelope(naming.progress(orderId), saga.SagaProgressRecorded.type, orderId, orderSequence, progressRow(orderId, orderSequence));

/** A reader over `stored` progress rows; `reads` counts the store reads. */
function progressStore(orderId: string, stored: saga.SagaProgress[]) {
  const store = {
    reads: 0,
    orders: { exists: async (id: string) => id === orderId } as OrderReader,
    sagas: {
      progressOfOrder: async (id: string, after: number) => {
        store.reads++;
        return stored.filter((r) => r.orderId === id && r.orderSequence > after);
      },
    } as SagaReader,
  };
  return store;
}

async function take<T>(iterator: AsyncIterator<T>, n: number): Promise<T[]> {
  const items: T[] = [];
  for (let i = 0; i < n; i++) {
    const { value, done } = await iterator.next();
    assert.equal(done, false, `stream ended after ${i} of ${n}`);
    items.push(value);
  }
  return items;
}

/** Resolves to 'pending' when `promise` has not settled within `ms`. */
const within = <T>(promise: Promise<T>, ms = 50): Promise<T | 'pending'> =>
  Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);

describe('sagaProgress stream', () => {
  it('listens before it replays, drops live rows already sent, and fills a skipped live row from the store', async () => {
    const orderId = randomUUID();
    const bus = memoryBus();
    const stored = [1, 2, 3].map((n) => progressRow(orderId, n));
    const store = progressStore(orderId, stored);
    const stream = await subscribeSagaProgress({ ...store, live: new BusLiveFeed(bus, naming) })(orderId);
    assert.equal(bus.listening, 1, 'listening before anything is read');
    // Rows 2 and 3 arrive live while (before) the replay reads them; another order's row is not ours.
    bus.publish(progressEnvelope(orderId, 2));
    bus.publish(progressEnvelope(orderId, 3));
    bus.publish(progressEnvelope(randomUUID(), 4));
    assert.deepEqual(
      (await take(stream, 3)).map((r) => r.orderSequence),
      [1, 2, 3],
    );
    // Row 4's live message is lost; row 5 arrives: 4 comes from the store, then 5, once each.
    stored.push(progressRow(orderId, 4), progressRow(orderId, 5));
    bus.publish(progressEnvelope(orderId, 5));
    bus.publish(progressEnvelope(orderId, 5));
    bus.publish(progressEnvelope(orderId, 6));
    stored.push(progressRow(orderId, 6));
    const rows = await take(stream, 3);
    assert.deepEqual(
      rows.map((r) => [r.orderSequence, r.sagaType]),
      [
        [4, 'CREATE_ORDER'],
        [5, 'CREATE_ORDER'],
        [6, 'CREATE_ORDER'],
      ],
    );
    assert.equal(await within(stream.next()), 'pending', 'open until the client closes it');
    assert.deepEqual(await stream.return?.(), { value: undefined, done: true });
    assert.equal(bus.listening, 0);
  });

  it('resumes after `after`', async () => {
    const orderId = randomUUID();
    const bus = memoryBus();
    const store = progressStore(
      orderId,
      [1, 2, 3, 4, 5].map((n) => progressRow(orderId, n)),
    );
    const stream = await subscribeSagaProgress({ ...store, live: new BusLiveFeed(bus, naming) })(orderId, 3);
    bus.publish(progressEnvelope(orderId, 3));
    bus.publish(progressEnvelope(orderId, 6));
    assert.deepEqual(
      (await take(stream, 3)).map((r) => r.orderSequence),
      [4, 5, 6],
    );
    await stream.return?.();
  });

  it('refuses an unknown order with NOT_FOUND before listening', async () => {
    const bus = memoryBus();
    const store = progressStore(randomUUID(), []);
    await assert.rejects(subscribeSagaProgress({ ...store, live: new BusLiveFeed(bus, naming) })('nope'), (error: unknown) => {
      assert.ok(error instanceof NotFound);
      assert.equal(error.message, 'order not found');
      return true;
    });
    assert.equal(bus.listening, 0);
  });

  it('return() ends a read waiting for a live row at once and stops listening', async () => {
    const orderId = randomUUID();
    const bus = memoryBus();
    const store = progressStore(orderId, [progressRow(orderId, 1)]);
    const stream = await subscribeSagaProgress({ ...store, live: new BusLiveFeed(bus, naming) })(orderId);
    await take(stream, 1);
    const waiting = stream.next();
    assert.equal(await within(waiting), 'pending');
    assert.ok(stream.return);
    assert.deepEqual(await within(stream.return()), { value: undefined, done: true });
    assert.deepEqual(await waiting, { value: undefined, done: true });
    assert.equal(bus.listening, 0);
    assert.deepEqual(await stream.next(), { value: undefined, done: true });
  });

  it('stopping the feed (the service stops) ends every open stream', async () => {
    const orderId = randomUUID();
    const bus = memoryBus();
    const feed = new BusLiveFeed(bus, naming);
    const store = progressStore(orderId, []);
    const stream = await subscribeSagaProgress({ ...store, live: feed })(orderId);
    const waiting = stream.next();
    await feed.close();
    assert.deepEqual(await waiting, { value: undefined, done: true });
    assert.equal(bus.listening, 0);
  });
});

describe('orderStateChanged stream', () => {
  const orderId = randomUUID();
  const placed: ExistingOrder = {
    status: 'APPROVAL_PENDING',
    id: orderId,
    consumerId: randomUUID(),
    restaurantId: randomUUID(),
    restaurantName: 'Ajanta',
    lineItems: [{ menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2 }],
    orderTotal: 2598,
    deliverAt: '2025-03-01T13:00:00.000Z',
    deliverTo: { street1: '1 Main St', street2: null, city: 'Oakland', state: 'CA', zip: '94611' },
    createdAt: '2025-03-01T12:00:00.000Z',
    ticketId: null,
    rejectionReason: null,
    pendingRevision: null,
  };
  const ticketId = randomUUID();
  const approved = { ...placed, status: 'APPROVED', ticketId } as Order;
  // v1 created, v2 approved, v3 cancelling, v4 cancelling undone, v5 an event that changed nothing, v6 cancelling again
  const history: LoadedOrder[] = [
    { order: placed, version: 1 },
    { order: approved, version: 2 },
    { order: { ...approved, status: 'CANCEL_PENDING' } as Order, version: 3 },
    { order: approved, version: 4 },
    { order: approved, version: 5 },
    { order: { ...approved, status: 'CANCEL_PENDING' } as Order, version: 6 },
  ];
  const orderEvent = (version: number) => envelope(naming.eventSubject('order', 'Order', orderId), 'order.OrderSomething', orderId, version, {});

  it('sends the current order, then one order per version that changed the state, in version order', async () => {
    const bus = memoryBus();
    let committed = 2;
    const orders = {
      exists: async (id: string) => id === orderId,
      findMany: async (ids: readonly string[]) => ids.map((id) => (id === orderId ? history[committed - 1] : null)),
      versionsAfter: async (_id: string, after: number) => history.slice(after, committed),
    } as OrderReader;
    const stream = await subscribeOrderState({ orders, live: new BusLiveFeed(bus, naming) })(orderId);
    bus.publish(orderEvent(2)); // committed before the load, published after listening: already sent
    bus.publish(envelope(naming.eventSubject('order', 'Order', orderId), 'order.OrderApproved', randomUUID(), 9, {})); // another order, same partition
    const [current] = await take(stream, 1);
    assert.deepEqual([current.state, current.version, current.ticketId], ['APPROVED', 2, ticketId]);
    // v3's message is lost; v4 arrives: v3 and v4 both changed the state.
    committed = 4;
    bus.publish(orderEvent(4));
    bus.publish(orderEvent(3));
    assert.deepEqual(
      (await take(stream, 2)).map((o) => [o.version, o.state]),
      [
        [3, 'CANCEL_PENDING'],
        [4, 'APPROVED'],
      ],
    );
    committed = 6;
    bus.publish(orderEvent(5));
    bus.publish(orderEvent(6));
    assert.deepEqual(
      (await take(stream, 1)).map((o) => [o.version, o.state]),
      [[6, 'CANCEL_PENDING']],
    );
    assert.equal(await within(stream.next()), 'pending');
    await stream.return?.();
    assert.equal(bus.listening, 0);
  });

  it('refuses an unknown order with NOT_FOUND before listening', async () => {
    const bus = memoryBus();
    const orders = { exists: async () => false } as unknown as OrderReader;
    await assert.rejects(subscribeOrderState({ orders, live: new BusLiveFeed(bus, naming) })(randomUUID()), { code: 'NOT_FOUND', message: 'order not found' });
    assert.equal(bus.listening, 0);
  });
});

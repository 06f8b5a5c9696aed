import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import { type Delivery, ident, type MessageFactory, type MessagingKind, Outbox, type Platform } from '@ftgo/infra';
import { eventually, keptFor, messagingKinds, testPlatform } from '@ftgo/infra/testing';
import { DomainError, type Envelope, type ErrorCode, order, Transient } from '@ftgo/schema';
import { orderEventsHandler, orderEventsSubscription } from '../src/adapters/order-events.handler.js';
import { PgOrderHistory } from '../src/adapters/pg-order-history.js';
import { PgProjectionRebuilds } from '../src/adapters/pg-projection-rebuilds.js';
import { createOrderHistoryApplication, decodeHistoryCursor, encodeHistoryCursor, type OrderHistoryApplication, orderHistoryService } from '../src/index.js';

const address = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };
const vindaloo = { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299 };
const tikka = { menuItemId: 'item2', name: 'Chicken Tikka-Masala', price: 1499 };
const naan = { menuItemId: 'item3', name: 'Garlic Naan', price: 399 };
const margherita = { menuItemId: 'p1', name: 'Margherita', price: 900 };
const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

interface OrderSpec {
  consumerId: string;
  createdAt: number;
  restaurantName?: string;
  lineItems?: { menuItemId: string; name: string; price: number; quantity: number }[];
}

/** The Order stream of one order, as the order service would publish it (occurredAt = createdAt + version seconds). */
function orderStream(messages: MessageFactory, spec: OrderSpec, orderId: string = randomUUID()) {
  const lineItems = spec.lineItems ?? [
    { ...vindaloo, quantity: 2 },
    { ...naan, quantity: 1 },
  ];
  const orderTotal = lineItems.reduce((sum, l) => sum + l.price * l.quantity, 0);
  const at = (version: number) => iso(spec.createdAt + version * 1000);
  const aggregate = (version: number) => ({ id: orderId, version });
  const revision = {
    orderId,
    currentOrderTotal: orderTotal,
    newOrderTotal: orderTotal - lineItems[0].price,
    revisedQuantities: [{ menuItemId: lineItems[0].menuItemId, quantity: lineItems[0].quantity - 1 }],
  };
  return {
    orderId,
    orderTotal,
    lineItems,
    at,
    created: () =>
      messages.event(order.OrderCreated, aggregate(1), {
        orderId,
        consumerId: spec.consumerId,
        restaurantId: 'a7c3bd4e-0d3c-4f6b-8a57-2b0f7e1c9d11',
        restaurantName: spec.restaurantName ?? 'Ajanta',
        lineItems,
        orderTotal,
        deliverAt: iso(spec.createdAt + 3_600_000),
        deliverTo: address,
        createdAt: iso(spec.createdAt),
        occurredAt: at(1),
      }),
    approved: (v = 2) => messages.event(order.OrderApproved, aggregate(v), { orderId, ticketId: randomUUID(), occurredAt: at(v) }),
    rejected: (v = 2) => messages.event(order.OrderRejected, aggregate(v), { orderId, reason: 'account disabled', occurredAt: at(v) }),
    cancelling: (v: number) => messages.event(order.OrderCancelling, aggregate(v), { orderId, occurredAt: at(v) }),
    cancellingUndone: (v: number) => messages.event(order.OrderCancellingUndone, aggregate(v), { orderId, occurredAt: at(v) }),
    cancelled: (v: number) => messages.event(order.OrderCancelled, aggregate(v), { orderId, occurredAt: at(v) }),
    proposedRevision: (v: number) => messages.event(order.OrderProposedRevision, aggregate(v), { ...revision, occurredAt: at(v) }),
    revisingUndone: (v: number) => messages.event(order.OrderRevisingUndone, aggregate(v), { orderId, occurredAt: at(v) }),
    revised: (v: number) => messages.event(order.OrderRevised, aggregate(v), { ...revision, occurredAt: at(v) }),
  };
}

async function start(t: TestContext, messaging: MessagingKind = 'local') {
  const platform = await testPlatform(t, messaging, { services: ['order', 'order-history'] });
  platform.startRelay('order');
  const service = await orderHistoryService.start(platform);
  t.after(() => service.stop());
  return harness(platform, service.app);
}

function harness(platform: Platform, app: OrderHistoryApplication) {
  const schema = platform.schema('order-history');
  const messages = platform.messages('order');
  const outbox = new Outbox(platform.schema('order'));
  /** Published by the order service: appended to its outbox, relayed to the bus. */
  const publish = (...envelopes: Envelope[]) => outbox.append(platform.db, envelopes);
  const rows = async () => (await platform.db.query(`SELECT * FROM ${ident(schema)}.orders ORDER BY order_id`)).rows;
  const version = async (orderId: string) =>
    (await platform.db.query<{ version: number }>(`SELECT version FROM ${ident(schema)}.orders WHERE order_id = $1`, [orderId])).rows[0]?.version ?? 0;
  const projected = (orderId: string, v: number) => eventually(async () => (await version(orderId)) === v, 15_000, `order ${orderId} at v${v}`);
  return { platform, app, schema, messages, publish, rows, version, projected };
}

/** The projection's handler, called directly: the honest test of the inbox and the version rule. */
function directHandler(platform: Platform) {
  const schema = platform.schema('order-history');
  const rebuilds = new PgProjectionRebuilds(platform.db, schema);
  const handler = orderEventsHandler({
    db: platform.db,
    schema,
    consumer: 'order-history.orders',
    project: (tx, input) => {
      const history = new PgOrderHistory(tx, schema);
      const app = createOrderHistoryApplication({
        entries: history,
        search: history,
        rebuilds,
        replays: { replay: async () => {} },
        clock: { now: () => new Date() },
      });
      return app.commands.projectOrderEvent(input);
    },
  });
  const deliveries = new Map<string, Delivery>();
  /** The same Delivery object for the same envelope, as a redelivery would bring it. */
  return (envelope: Envelope) => {
    const delivery = deliveries.get(envelope.id) ?? { envelope, attempt: 1, maxAttempts: 10 };
    deliveries.set(envelope.id, delivery);
    return handler(delivery);
  };
}

async function rejects(work: Promise<unknown>, code: ErrorCode, message: string): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    return true;
  });
}

describe('order history (DOMAIN §5)', () => {
  for (const messaging of messagingKinds()) {
    it(`projects created, approved, rejected, cancelled and revised orders, and a rebuild yields the same rows (${messaging})`, async (t) => {
      const h = await start(t, messaging);
      const consumerId = randomUUID();
      const spec = (n: number): OrderSpec => ({ consumerId, createdAt: T0 + n * 60_000 });
      const cancelled = orderStream(h.messages, spec(1));
      const revised = orderStream(h.messages, spec(2));
      const rejected = orderStream(h.messages, spec(3));
      const cancelUndone = orderStream(h.messages, spec(4));
      const reviseUndone = orderStream(h.messages, spec(5));
      await h.publish(cancelled.created(), cancelled.approved(), cancelled.cancelling(3), cancelled.cancelled(4));
      await h.publish(revised.created(), revised.approved(), revised.proposedRevision(3));
      await h.publish(rejected.created(), rejected.rejected());
      await h.publish(cancelUndone.created(), cancelUndone.approved(), cancelUndone.cancelling(3), cancelUndone.cancellingUndone(4));
      await h.publish(reviseUndone.created(), reviseUndone.approved(), reviseUndone.proposedRevision(3), reviseUndone.revisingUndone(4));
      await h.projected(revised.orderId, 3);
      for (const o of [cancelled, cancelUndone, reviseUndone]) await h.projected(o.orderId, 4);
      await h.projected(rejected.orderId, 2);
      const pending = await h.app.queries.orderHistory({ consumerId, filter: { states: ['REVISION_PENDING'] } });
      assert.deepEqual(
        pending.edges.map((e) => [e.node.orderId, e.node.orderTotal]),
        [[revised.orderId, 2997]],
      );
      await h.publish(revised.revised(4));
      // Re-published with a new message id (a duplicate the inbox cannot see): the version rule ignores it.
      const duplicate = cancelled.approved(2);
      await h.publish(duplicate);
      await h.projected(revised.orderId, 4);
      await eventually(
        async () => (await h.platform.db.query(`SELECT 1 FROM ${ident(h.schema)}.inbox WHERE message_id = $1`, [duplicate.id])).rows.length === 1,
        15_000,
        'the duplicate to be handled',
      );

      const history = await h.app.queries.orderHistory({ consumerId });
      assert.deepEqual(
        history.edges.map((e) => [e.node.orderId, e.node.state]),
        [
          [reviseUndone.orderId, 'APPROVED'],
          [cancelUndone.orderId, 'APPROVED'],
          [rejected.orderId, 'REJECTED'],
          [revised.orderId, 'APPROVED'],
          [cancelled.orderId, 'CANCELLED'],
        ],
      );
      assert.deepEqual(history.pageInfo, { hasNextPage: false, endCursor: history.edges[4].cursor });
      assert.deepEqual(history.edges[4].node, {
        orderId: cancelled.orderId,
        consumerId,
        restaurantId: 'a7c3bd4e-0d3c-4f6b-8a57-2b0f7e1c9d11',
        restaurantName: 'Ajanta',
        state: 'CANCELLED',
        orderTotal: 2997,
        lineItems: [
          { ...vindaloo, quantity: 2, total: 2598 },
          { ...naan, quantity: 1, total: 399 },
        ],
        createdAt: iso(T0 + 60_000),
        updatedAt: cancelled.at(4),
      });
      // OrderRevised: listed quantities replaced, orderTotal = newOrderTotal, keywords kept.
      assert.deepEqual(history.edges[3].node, {
        ...history.edges[4].node,
        orderId: revised.orderId,
        state: 'APPROVED',
        orderTotal: 1698,
        lineItems: [
          { ...vindaloo, quantity: 1, total: 1299 },
          { ...naan, quantity: 1, total: 399 },
        ],
        createdAt: iso(T0 + 120_000),
        updatedAt: revised.at(4),
      });
      assert.deepEqual(history.edges[0].node.lineItems, history.edges[4].node.lineItems);
      const stored = await h.rows();
      assert.deepEqual(stored.find((r) => r.order_id === revised.orderId)?.keywords, ['ajanta', 'chicken', 'vindaloo', 'garlic', 'naan']);

      // Rebuild: empty the projection and replay the Order stream from its first event.
      const started = await h.app.commands.rebuild();
      assert.match(started.subscription, /^orders-rebuild-\d{17}$/);
      assert.deepEqual(
        { ...started, startedAt: undefined },
        { subscription: started.subscription, startedAt: undefined, finishedAt: null, targetOrders: 5, remainingOrders: 5 },
      );
      const finished = await eventually(
        async () => {
          const status = await h.app.queries.rebuildStatus(started.subscription);
          return status?.finishedAt ? status : null;
        },
        20_000,
        'the rebuild to finish',
      );
      assert.deepEqual({ ...finished, finishedAt: undefined }, { ...started, finishedAt: undefined, remainingOrders: 0 });
      assert.deepEqual(await h.rows(), stored);
      assert.equal(await h.app.queries.rebuildStatus('orders-rebuild-0'), null);
      // The finished replay's inbox claims are gone; the live subscription goes on.
      const claims = async () =>
        (await h.platform.db.query(`SELECT 1 FROM ${ident(h.schema)}.inbox WHERE consumer = $1`, [`order-history.${started.subscription}`])).rows.length;
      await eventually(async () => (await claims()) === 0, 5_000, "the replay's inbox claims to go");
      // ... and the broker keeps nothing for it (no durables left on NATS, no cursor holding back the outbox purge).
      const replay = orderEventsSubscription(h.platform.config.naming, started.subscription);
      await eventually(async () => (await keptFor(h.platform, replay)).length === 0, 5_000, "the replay's subscription to be forgotten");
      assert.notDeepStrictEqual(await keptFor(h.platform, orderEventsSubscription(h.platform.config.naming)), [], 'the live subscription is kept');
      const later = orderStream(h.messages, spec(6));
      await h.publish(later.created());
      await h.projected(later.orderId, 1);
    });
  }

  it('an event ahead of the projection comes back and applies in order; duplicates change nothing', async (t) => {
    const h = await start(t);
    const deliver = directHandler(h.platform);
    const o = orderStream(h.messages, { consumerId: randomUUID(), createdAt: T0 });
    const [created, approved, cancelling] = [o.created(), o.approved(2), o.cancelling(3)];
    const transient = (error: unknown) => error instanceof Transient;

    // v2 with no entry yet, then v3 before v2: both Transient, nothing stored, nothing claimed.
    await assert.rejects(deliver(approved), transient);
    assert.deepEqual(await h.rows(), []);
    await deliver(created);
    await assert.rejects(deliver(cancelling), /order .*: event v3 arrived before v2/);
    let [row] = await h.rows();
    assert.equal(row.version, 1);
    assert.equal(row.state, 'APPROVAL_PENDING');
    const { rows: claimed } = await h.platform.db.query(`SELECT message_id FROM ${ident(h.schema)}.inbox WHERE consumer = 'order-history.orders'`);
    assert.deepEqual(
      claimed.map((c) => c.message_id),
      [created.id],
    );

    // v2 arrives, then v3 comes back and applies.
    await deliver(approved);
    await deliver(cancelling);
    [row] = await h.rows();
    assert.equal(row.version, 3);
    assert.equal(row.state, 'CANCEL_PENDING');
    assert.equal((row.updated_at as Date).toISOString(), o.at(3));
    assert.equal((row.created_at as Date).toISOString(), iso(T0));

    // Duplicates: the same deliveries again (inbox), and the same versions re-published under new ids (version rule).
    const before = await h.rows();
    for (const envelope of [created, approved, cancelling]) await deliver(envelope);
    await deliver(o.approved(2));
    await deliver(o.created());
    await deliver(o.cancelling(3));
    assert.deepEqual(await h.rows(), before);
  });

  it('a second delivery of every Order event type, and a re-published copy, change nothing', async (t) => {
    const h = await start(t);
    const deliver = directHandler(h.platform);
    const consumerId = randomUUID();
    const o = orderStream(h.messages, { consumerId, createdAt: T0 });
    const r = orderStream(h.messages, { consumerId, createdAt: T0 + 1 });
    const stream: [Envelope, () => Envelope, string][] = [
      [o.created(), o.created, 'APPROVAL_PENDING'],
      [o.approved(2), () => o.approved(2), 'APPROVED'],
      [o.cancelling(3), () => o.cancelling(3), 'CANCEL_PENDING'],
      [o.cancellingUndone(4), () => o.cancellingUndone(4), 'APPROVED'],
      [o.proposedRevision(5), () => o.proposedRevision(5), 'REVISION_PENDING'],
      [o.revisingUndone(6), () => o.revisingUndone(6), 'APPROVED'],
      [o.proposedRevision(7), () => o.proposedRevision(7), 'REVISION_PENDING'],
      [o.revised(8), () => o.revised(8), 'APPROVED'],
      [o.cancelling(9), () => o.cancelling(9), 'CANCEL_PENDING'],
      [o.cancelled(10), () => o.cancelled(10), 'CANCELLED'],
      [r.created(), r.created, 'APPROVAL_PENDING'],
      [r.rejected(2), () => r.rejected(2), 'REJECTED'],
    ];
    for (const [envelope, again, state] of stream) {
      await deliver(envelope);
      const after = await h.rows();
      const row = after.find((x) => x.order_id === envelope.aggregateId)!;
      assert.equal(row.state, state, envelope.type);
      assert.equal(row.version, envelope.aggregateVersion);
      await deliver(envelope);
      await deliver(again());
      assert.deepEqual(await h.rows(), after, `${envelope.type} v${envelope.aggregateVersion} twice`);
    }
    const [entry] = (await h.app.queries.orderHistory({ consumerId, filter: { states: ['CANCELLED'] } })).edges;
    assert.equal(entry.node.orderTotal, 1698);
    assert.equal(entry.node.updatedAt, o.at(10));
  });

  it('filters by since (strict), keywords (all-match, whole words) and states; other consumers never show', async (t) => {
    const h = await start(t);
    const deliver = directHandler(h.platform);
    const consumerId: string = randomUUID();
    const stream = (createdAt: number, more: Partial<OrderSpec> = {}) => orderStream(h.messages, { consumerId, createdAt, ...more });
    const ajanta = stream(T0);
    const pizza = stream(T0 + 1, { restaurantName: 'Pizza Place', lineItems: [{ ...margherita, quantity: 1 }] });
    const masala = stream(T0 + 2, { lineItems: [{ ...tikka, quantity: 1 }] });
    const otherConsumer = randomUUID();
    const other = orderStream(h.messages, { consumerId: otherConsumer, createdAt: T0 + 5 });
    for (const e of [
      ajanta.created(),
      ajanta.approved(),
      pizza.created(),
      pizza.approved(),
      pizza.cancelling(3),
      pizza.cancelled(4),
      masala.created(),
      other.created(),
    ]) {
      await deliver(e);
    }
    const ids = async (filter: Parameters<OrderHistoryApplication['queries']['orderHistory']>[0]['filter'], who = consumerId) =>
      (await h.app.queries.orderHistory({ consumerId: who, filter })).edges.map((e) => e.node.orderId);
    const [A, P, M] = [ajanta.orderId, pizza.orderId, masala.orderId];

    assert.deepEqual(await ids(null), [M, P, A]);
    assert.deepEqual(await ids({ since: iso(T0) }), [M, P]);
    assert.deepEqual(await ids({ since: new Date(T0 - 1) }), [M, P, A]);
    assert.deepEqual(await ids({ since: iso(T0 + 2) }), []);

    assert.deepEqual(await ids({ keywords: ['naan'] }), [A]);
    assert.deepEqual(await ids({ keywords: ['chick'] }), []);
    assert.deepEqual(await ids({ keywords: ['NAAN', 'ajanta'] }), [A]);
    assert.deepEqual(await ids({ keywords: ['garlic-naan'] }), [A]);
    assert.deepEqual(await ids({ keywords: ['chicken'] }), [M, A]);
    assert.deepEqual(await ids({ keywords: ['tikka masala'] }), [M]);
    assert.deepEqual(await ids({ keywords: ['naan', 'pizza'] }), []);
    assert.deepEqual(await ids({ keywords: ['Place'] }), [P]);
    assert.deepEqual(await ids({ keywords: [] }), [M, P, A]);
    await rejects(
      h.app.queries.orderHistory({ consumerId, filter: { keywords: ['naan', ' -- '] } }),
      'BAD_USER_INPUT',
      'keyword must contain a letter or digit',
    );

    assert.deepEqual(await ids({ states: ['APPROVED'] }), [A]);
    assert.deepEqual(await ids({ states: ['CANCELLED', 'APPROVAL_PENDING'] }), [M, P]);
    assert.deepEqual(await ids({ states: ['REJECTED'] }), []);
    assert.deepEqual(await ids({ states: [] }), [M, P, A]);
    assert.deepEqual(await ids({ states: ['APPROVED', 'APPROVAL_PENDING'], keywords: ['chicken'], since: iso(T0) }), [M]);

    assert.deepEqual(await ids(null, otherConsumer), [other.orderId]);
    assert.deepEqual(await ids(null, randomUUID()), []);
    assert.deepEqual(await ids(null, 'not-a-consumer-id'), []);
  });

  it('pages by createdAt desc, then orderId desc, with keyset cursors; first and after are validated', async (t) => {
    const h = await start(t);
    const deliver = directHandler(h.platform);
    const consumerId = randomUUID();
    // Two orders share a millisecond: their order is by orderId desc.
    const times = [T0, T0 + 1, T0 + 2, T0 + 2, T0 + 3];
    const streams = times.map((createdAt) => orderStream(h.messages, { consumerId, createdAt }));
    for (const s of streams) await deliver(s.created());
    const expected = streams
      .map((s, i) => ({ orderId: s.orderId, createdAt: times[i] }))
      .sort((a, b) => b.createdAt - a.createdAt || (a.orderId < b.orderId ? 1 : -1))
      .map((e) => e.orderId);

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await h.app.queries.orderHistory({ consumerId, first: 2, after });
      pages++;
      for (const edge of page.edges) assert.deepEqual(decodeHistoryCursor(edge.cursor), { createdAt: edge.node.createdAt, orderId: edge.node.orderId });
      seen.push(...page.edges.map((e) => e.node.orderId));
      assert.equal(page.pageInfo.endCursor, page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    assert.deepEqual(seen, expected);
    assert.equal(pages, 3);

    const exact = await h.app.queries.orderHistory({ consumerId, first: 5 });
    assert.equal(exact.pageInfo.hasNextPage, false);
    assert.deepEqual(await h.app.queries.orderHistory({ consumerId, after: exact.pageInfo.endCursor }), {
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
    assert.equal((await h.app.queries.orderHistory({ consumerId, first: null })).edges.length, 5);
    // Strictly after the cursor, ties broken by orderId at full millisecond precision.
    const tie = expected.slice(1, 3);
    const afterFirstTie = encodeHistoryCursor({ createdAt: iso(T0 + 2), orderId: tie[0] });
    assert.deepEqual(
      (await h.app.queries.orderHistory({ consumerId, after: afterFirstTie })).edges.map((e) => e.node.orderId),
      expected.slice(2),
    );
    // Paging within a filter.
    const filtered = await h.app.queries.orderHistory({ consumerId, filter: { since: iso(T0) }, first: 3 });
    assert.deepEqual(
      filtered.edges.map((e) => e.node.orderId),
      expected.slice(0, 3),
    );
    assert.equal(filtered.pageInfo.hasNextPage, true);
    const rest = await h.app.queries.orderHistory({ consumerId, filter: { since: iso(T0) }, first: 3, after: filtered.pageInfo.endCursor });
    assert.deepEqual(
      rest.edges.map((e) => e.node.orderId),
      expected.slice(3, 4),
    );
    assert.equal(rest.pageInfo.hasNextPage, false);

    for (const first of [0, -1, 51, 1.5]) {
      await rejects(h.app.queries.orderHistory({ consumerId, first, after: '*' }), 'BAD_USER_INPUT', 'first must be between 1 and 50');
    }
    const forged = Buffer.from(JSON.stringify({ createdAt: iso(T0), orderId: 'order-1' })).toString('base64url');
    for (const cursor of ['*', '', forged, Buffer.from('{}').toString('base64url')]) {
      await rejects(h.app.queries.orderHistory({ consumerId, first: 5, after: cursor }), 'BAD_USER_INPUT', 'invalid cursor');
    }
    await rejects(
      h.app.queries.orderHistory({ consumerId, filter: { keywords: ['!'] }, first: 0, after: '*' }),
      'BAD_USER_INPUT',
      'keyword must contain a letter or digit',
    );
  });

  it('forgets, when the service starts, the replay of a finished rebuild that a stopped process left behind', async (t) => {
    const platform = await testPlatform(t, 'local', { services: ['order', 'order-history'] });
    const schema = platform.schema('order-history');
    const rebuilds = new PgProjectionRebuilds(platform.db, schema);
    await orderHistoryService.start(platform).then((s) => s.stop());
    // Finished (nothing to replay), its replay subscribed and closed, then the process died before forgetting.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await rebuilds.begin('orders-rebuild-9', anHourAgo);
    assert.equal(await rebuilds.finishIfCaughtUp('orders-rebuild-9', anHourAgo), true);
    const replay = orderEventsSubscription(platform.config.naming, 'orders-rebuild-9');
    await (await platform.bus.subscribe(replay, async () => {})).close();
    assert.notDeepStrictEqual(await keptFor(platform, replay), []);

    const service = await orderHistoryService.start(platform);
    t.after(() => service.stop());
    await eventually(async () => (await keptFor(platform, replay)).length === 0, 10_000, 'the leftover replay to be forgotten');
  });

  it('an unfinished rebuild blocks another and resumes when the service starts again', async (t) => {
    const platform = await testPlatform(t, 'local', { services: ['order', 'order-history'] });
    platform.startRelay('order');
    const first = await orderHistoryService.start(platform);
    const h = harness(platform, first.app);
    const o = orderStream(h.messages, { consumerId: randomUUID(), createdAt: T0 });
    await h.publish(o.created(), o.approved());
    await h.projected(o.orderId, 2);
    const stored = await h.rows();
    await first.stop();

    // A rebuild begun by a process that died before replaying.
    const rebuilds = new PgProjectionRebuilds(platform.db, h.schema);
    const begun = await rebuilds.begin('orders-rebuild-1', new Date(T0));
    assert.deepEqual(begun, { subscription: 'orders-rebuild-1', startedAt: iso(T0), finishedAt: null, targetOrders: 1, remainingOrders: 1 });
    assert.deepEqual(await h.rows(), []);
    await rejects(first.app.commands.rebuild(), 'CONFLICT', 'a rebuild is already running');
    await rejects(rebuilds.begin('orders-rebuild-2', new Date()), 'CONFLICT', 'a rebuild is already running');

    const second = await orderHistoryService.start(platform);
    t.after(() => second.stop());
    await eventually(async () => (await second.app.queries.rebuildStatus('orders-rebuild-1'))?.finishedAt, 15_000, 'the resumed rebuild');
    assert.deepEqual(await h.rows(), stored);
    // Finished: the next rebuild may start.
    const next = await second.app.commands.rebuild();
    await eventually(async () => (await second.app.queries.rebuildStatus(next.subscription))?.finishedAt, 15_000, 'the next rebuild');
    assert.deepEqual(await h.rows(), stored);
  });
});

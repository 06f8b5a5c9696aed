import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { type Subscription, success } from '@ftgo/infra';
import { printSubgraphSchema, type RequestHeaders, subgraphContext } from '@ftgo/infra/graphql';
import { messagingKinds } from '@ftgo/infra/testing';
import { accounting, type Envelope } from '@ftgo/schema';
import { type ExecutionResult, type GraphQLSchema, graphql, parse, subscribe } from 'graphql';
import { type OrderApplication, orderSchema } from '../src/index.js';
import { DEMO_LINE_ITEMS, type Harness, HOME, orderHarness } from './support/order-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: a GraphQL result, read field by field in assertions
type Data = Record<string, any>;

/** Results as plain JSON (graphql-js builds objects without a prototype), as a client would read them. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

async function run(schema: GraphQLSchema, source: string, variableValues?: Record<string, unknown>, headers?: RequestHeaders): Promise<ExecutionResult<Data>> {
  return plain(await graphql({ schema, source, variableValues, contextValue: subgraphContext(headers) }));
}

/** The data of an operation that must succeed. */
async function data(schema: GraphQLSchema, source: string, variableValues?: Record<string, unknown>, headers?: RequestHeaders): Promise<Data> {
  const result = await run(schema, source, variableValues, headers);
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data as Data;
}

/** The one error of an operation that must fail, as `[code, message]`. */
async function failure(schema: GraphQLSchema, source: string, variableValues?: Record<string, unknown>): Promise<[unknown, string]> {
  const result = await run(schema, source, variableValues);
  assert.equal(result.errors?.length, 1, JSON.stringify(result));
  return [result.errors[0].extensions.code, result.errors[0].message];
}

type Stream = AsyncGenerator<ExecutionResult<Data>, void, undefined>;

async function subscription(schema: GraphQLSchema, source: string, variableValues: Record<string, unknown>): Promise<Stream | ExecutionResult> {
  const result = await subscribe({ schema, document: parse(source), variableValues, contextValue: subgraphContext() });
  return result as Stream | ExecutionResult;
}

async function open(schema: GraphQLSchema, source: string, variableValues: Record<string, unknown>): Promise<Stream> {
  const result = await subscription(schema, source, variableValues);
  assert.ok(Symbol.asyncIterator in result, JSON.stringify(result));
  return result;
}

/** The next `n` events' `field`, failing after `ms`. */
async function next(stream: Stream, field: string, n = 1, ms = 15_000): Promise<Data[]> {
  const items: Data[] = [];
  const deadline = Date.now() + ms;
  while (items.length < n) {
    const result = await Promise.race([
      stream.next(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${items.length} of ${n} ${field} events`)), deadline - Date.now())),
    ]);
    assert.equal(result.done, false, `stream ended after ${items.length} of ${n}`);
    assert.equal(result.value.errors, undefined, JSON.stringify(result.value.errors));
    items.push(plain(result.value.data as Data)[field]);
  }
  return items;
}

/** The stream sends nothing more within `ms`; then the client closes it, which ends the waiting read. */
async function quietThenClose(stream: Stream, ms = 400): Promise<void> {
  const waiting = stream.next();
  const early = await Promise.race([waiting, new Promise((resolve) => setTimeout(() => resolve('quiet'), ms))]);
  assert.equal(early, 'quiet', `unexpected event ${JSON.stringify(early)}`);
  assert.deepEqual(await stream.return(), { value: undefined, done: true });
  assert.deepEqual(await waiting, { value: undefined, done: true });
}

/** Counts the live listeners the order service holds on the bus. */
function countLiveListeners(h: Harness): { readonly open: number } {
  const bus = h.platform.bus;
  const live = bus.live.bind(bus);
  const counter = { open: 0 };
  bus.live = async (subject: string, listener: (envelope: Envelope) => void): Promise<Subscription> => {
    const subscription = await live(subject, listener);
    counter.open++;
    return {
      close: async () => {
        counter.open--;
        await subscription.close();
      },
    };
  };
  return counter;
}

const ORDER_FIELDS = `id state version consumer { id } restaurant { id } lineItems { menuItemId name price quantity total } orderTotal deliverAt
  deliverTo { street1 street2 city state zip } rejectionReason`;
const SAGA_FIELDS = 'id type state currentStep startedAt endedAt';
const PROGRESS_FIELDS = 'sagaId sagaType orderId sequence orderSequence kind step participant reason at';

const CREATE = `mutation($input: CreateOrderInput!) { createOrder(input: $input) { ${ORDER_FIELDS} } }`;
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} sagas { ${SAGA_FIELDS} progress { ${PROGRESS_FIELDS} order { id state } } } } }`;
const SAGA = `query($id: ID!) { saga(id: $id) { ${SAGA_FIELDS} progress { ${PROGRESS_FIELDS} } } }`;
const CANCEL = 'mutation($id: ID!) { cancelOrder(id: $id) { id state version } }';
const REVISE = 'mutation($id: ID!, $lineItems: [MenuItemQuantityInput!]!) { reviseOrder(id: $id, lineItems: $lineItems) { id state version orderTotal } }';
const SAGA_PROGRESS = `subscription($orderId: ID!, $after: Int) { sagaProgress(orderId: $orderId, after: $after) { ${PROGRESS_FIELDS} order { id state } } }`;
const STATE_CHANGED = 'subscription($orderId: ID!) { orderStateChanged(orderId: $orderId) { id state version sagas { type state } } }';

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

test('the order subgraph SDL: Order is an entity, Consumer and Restaurant references, OrderLineItem shareable, the two subscriptions', async () => {
  const sdl = printSubgraphSchema(await orderSchema({} as OrderApplication));
  assert.match(sdl, /type Order\s+@key\(fields: "id"\)\s*\{/);
  assert.match(sdl, /type Consumer\s+@key\(fields: "id", resolvable: false\)/);
  assert.match(sdl, /type Restaurant\s+@key\(fields: "id", resolvable: false\)/);
  assert.match(sdl, /type OrderLineItem\s+@shareable/);
  assert.match(sdl, /type Address\s+@shareable/);
  assert.match(sdl, /reviseOrder\(id: ID!, lineItems: \[MenuItemQuantityInput!\]!\): Order!/);
  assert.match(sdl, /sagaProgress\(\s*orderId: ID!\s*("""[^"]*"""\s*)?after: Int\s*\): SagaProgress!/);
  assert.match(sdl, /orderStateChanged\(orderId: ID!\): Order!/);
  assert.match(sdl, /@link\(url: "https:\/\/specs.apollo.dev\/federation\/v2.7"/);
});

test('createOrder, order, saga, reviseOrder and cancelOrder through GraphQL: views, errors, null for unknown ids, idempotency key', async (t) => {
  const h = await orderHarness(t);
  const schema = await orderSchema(h.app);
  const deliverAt = inAnHour();
  const input = { consumerId: h.consumerId, restaurantId: h.restaurantId, lineItems: DEMO_LINE_ITEMS, deliverToAddressId: 'Home', deliverAt };

  // createOrder with an idempotency key: a repeat gets the first response and creates nothing.
  const key = { 'idempotency-key': randomUUID() };
  const { createOrder: placed } = await data(schema, CREATE, { input }, key);
  assert.deepEqual(placed, {
    id: placed.id,
    state: 'APPROVAL_PENDING',
    version: 1,
    consumer: { id: h.consumerId },
    restaurant: { id: h.restaurantId },
    lineItems: [
      { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2, total: 2598 },
      { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1, total: 399 },
    ],
    orderTotal: 2997,
    deliverAt,
    deliverTo: HOME,
    rejectionReason: null,
  });
  assert.deepEqual((await data(schema, CREATE, { input }, key)).createOrder, placed);
  assert.equal(await h.count(`${h.ordering}.events WHERE type = 'OrderCreated'`), 1);
  const [conflict] = (await run(schema, CREATE, { input: { ...input, deliverAt: null } }, key)).errors ?? [];
  assert.deepEqual([conflict?.extensions.code, conflict?.message], ['CONFLICT', 'idempotency key was used with a different request']);

  // Refused commands: the domain's codes and messages.
  assert.deepEqual(await failure(schema, CREATE, { input: { ...input, restaurantId: randomUUID() } }), ['NOT_FOUND', 'restaurant not found']);
  assert.deepEqual(await failure(schema, CREATE, { input: { ...input, lineItems: [] } }), ['BAD_USER_INPUT', 'an order must have at least one line item']);
  assert.deepEqual(await failure(schema, CREATE, { input: { ...input, deliverAt: '2020-01-01T00:00:00Z' } }), ['BAD_USER_INPUT', 'deliverAt is in the past']);
  assert.deepEqual(await failure(schema, CREATE, { input: { ...input, deliverTo: HOME } }), [
    'BAD_USER_INPUT',
    'exactly one of deliverTo and deliverToAddressId is required',
  ]);
  assert.deepEqual(await failure(schema, CREATE, { input: { ...input, deliverToAddressId: 'Work' } }), [
    'NOT_FOUND',
    'an address with that identifier does not exist',
  ]);
  assert.deepEqual(await failure(schema, CANCEL, { id: placed.id }), ['FAILED_PRECONDITION', 'order state does not allow action']);

  // After the CreateOrder saga: APPROVED, with its saga and the 12 rows of DOMAIN §3.5.
  const created = await h.ended(placed.id, 'CREATE_ORDER');
  const { order } = await data(schema, ORDER, { id: placed.id });
  assert.deepEqual({ ...order, sagas: undefined }, { ...placed, state: 'APPROVED', version: 2, sagas: undefined });
  assert.equal(order.sagas.length, 1);
  const [createSaga] = order.sagas;
  assert.deepEqual(
    { ...createSaga, progress: undefined },
    {
      id: created.id,
      type: 'CREATE_ORDER',
      state: 'COMPLETED',
      currentStep: null,
      startedAt: created.startedAt,
      endedAt: created.endedAt,
      progress: undefined,
    },
  );
  const stored = await h.app.queries.sagaProgress(created.id);
  assert.deepEqual(
    createSaga.progress,
    stored.map((row) => ({ ...row, order: { id: placed.id, state: 'APPROVED' } })),
  );
  assert.deepEqual(
    createSaga.progress.map((r: Data) => [r.orderSequence, r.kind, r.step]),
    stored.map((r, i) => [i + 1, r.kind, r.step]),
  );
  assert.equal(stored.length, 12);
  assert.deepEqual((await data(schema, SAGA, { id: created.id })).saga, { ...createSaga, progress: stored });

  // Unknown and malformed ids are null.
  for (const id of [randomUUID(), 'not-a-uuid', '']) {
    assert.deepEqual(await data(schema, 'query($id: ID!) { order(id: $id) { id } saga(id: $id) { id } }', { id }), { order: null, saga: null });
  }

  // reviseOrder: REVISION_PENDING, then APPROVED with the new total; refused revisions.
  assert.deepEqual(await failure(schema, REVISE, { id: randomUUID(), lineItems: [{ menuItemId: 'item1', quantity: 1 }] }), ['NOT_FOUND', 'order not found']);
  assert.deepEqual(await failure(schema, REVISE, { id: placed.id, lineItems: [] }), ['BAD_USER_INPUT', 'a revision must change at least one line item']);
  assert.deepEqual(await failure(schema, REVISE, { id: placed.id, lineItems: [{ menuItemId: 'item2', quantity: 1 }] }), [
    'BAD_USER_INPUT',
    'item2: line item not found',
  ]);
  const { reviseOrder } = await data(schema, REVISE, { id: placed.id, lineItems: [{ menuItemId: 'item1', quantity: 3 }] });
  assert.deepEqual(reviseOrder, { id: placed.id, state: 'REVISION_PENDING', version: 3, orderTotal: 2997 });
  await h.ended(placed.id, 'REVISE_ORDER');
  assert.deepEqual((await data(schema, 'query($id: ID!) { order(id: $id) { state version orderTotal } }', { id: placed.id })).order, {
    state: 'APPROVED',
    version: 4,
    orderTotal: 3 * 1299 + 399,
  });

  // cancelOrder: CANCEL_PENDING, then a second one is refused; unknown orders are NOT_FOUND.
  assert.deepEqual((await data(schema, CANCEL, { id: placed.id })).cancelOrder, { id: placed.id, state: 'CANCEL_PENDING', version: 5 });
  assert.deepEqual(await failure(schema, CANCEL, { id: placed.id }), ['FAILED_PRECONDITION', 'order state does not allow action']);
  assert.deepEqual(await failure(schema, CANCEL, { id: 'not-a-uuid' }), ['NOT_FOUND', 'order not found']);
  await h.ended(placed.id, 'CANCEL_ORDER');
  const sagas = (await data(schema, 'query($id: ID!) { order(id: $id) { state sagas { type state } } }', { id: placed.id })).order;
  assert.deepEqual(sagas, {
    state: 'CANCELLED',
    sagas: [
      { type: 'CREATE_ORDER', state: 'COMPLETED' },
      { type: 'REVISE_ORDER', state: 'COMPLETED' },
      { type: 'CANCEL_ORDER', state: 'COMPLETED' },
    ],
  });

  // An inline address for a consumer the order service's replica does not know: `consumer` is null.
  const stranger = randomUUID();
  const { createOrder: orphan } = await data(schema, CREATE, { input: { ...input, consumerId: stranger, deliverToAddressId: null, deliverTo: HOME } });
  assert.deepEqual([orphan.consumer, orphan.deliverTo, orphan.deliverAt], [null, HOME, deliverAt]);
});

test('_entities: 50 Order representations make one ordersByIds call, and their consumers, sagas and progress one call each', async (t) => {
  const h = await orderHarness(t);
  const placed = [
    await h.createDemoOrder(),
    await h.createDemoOrder(),
    await h.createDemoOrder({ consumerId: randomUUID(), deliverTo: HOME, deliverToAddressId: null }),
  ];
  for (const order of placed) await h.ended(order.id, 'CREATE_ORDER');
  const calls: Record<string, (readonly string[])[]> = { ordersByIds: [], knownConsumers: [], sagasOfOrders: [], progressOfSagas: [] };
  const counted = (name: keyof typeof calls) => (ids: readonly string[]) => {
    calls[name].push(ids);
    return (h.app.queries as unknown as Record<string, (ids: readonly string[]) => Promise<never>>)[name](ids);
  };
  const app: OrderApplication = {
    ...h.app,
    queries: {
      ...h.app.queries,
      ordersByIds: counted('ordersByIds'),
      knownConsumers: counted('knownConsumers'),
      sagasOfOrders: counted('sagasOfOrders'),
      progressOfSagas: counted('progressOfSagas'),
    },
  };
  const schema = await orderSchema(app);
  const ids = [...placed.map((o) => o.id), ...Array.from({ length: 45 }, () => randomUUID()), 'not-a-uuid', ''];
  assert.equal(ids.length, 50);
  const { _entities } = await data(
    schema,
    `query($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on Order { id state consumer { id } restaurant { id } sagas { type state progress { orderSequence order { id } } } } } }`,
    { representations: ids.map((id) => ({ __typename: 'Order', id })) },
  );
  assert.equal(_entities.length, 50);
  assert.deepEqual(
    _entities.slice(0, 3).map((o: Data) => [o.id, o.state, o.consumer?.id ?? null, o.restaurant.id, o.sagas.map((s: Data) => [s.type, s.progress.length])]),
    [
      [placed[0].id, 'APPROVED', h.consumerId, h.restaurantId, [['CREATE_ORDER', 12]]],
      [placed[1].id, 'APPROVED', h.consumerId, h.restaurantId, [['CREATE_ORDER', 12]]],
      [placed[2].id, 'APPROVED', null, h.restaurantId, [['CREATE_ORDER', 12]]],
    ],
  );
  assert.deepEqual(
    _entities[0].sagas[0].progress.map((r: Data) => [r.orderSequence, r.order.id]),
    Array.from({ length: 12 }, (_, i) => [i + 1, placed[0].id]),
  );
  assert.deepEqual(_entities.slice(3), Array(47).fill(null));
  assert.deepEqual(
    Object.fromEntries(Object.entries(calls).map(([name, batches]) => [name, batches.map((b) => b.length)])),
    { ordersByIds: [50], knownConsumers: [2], sagasOfOrders: [3], progressOfSagas: [3] },
    'one batch each (the consumer ids are deduplicated; SagaProgress.order hits the loaded orders)',
  );
});

for (const kind of messagingKinds()) {
  test(`[${kind}] sagaProgress and orderStateChanged: replay then live with no gap and no duplicate, \`after\`, NOT_FOUND, cleanup`, async (t) => {
    const h = await orderHarness(t, kind);
    const listeners = countLiveListeners(h);
    const schema = await orderSchema(h.app);

    // Unknown and malformed orders: NOT_FOUND at subscribe time, and nothing is left listening.
    for (const [source, variables] of [
      [SAGA_PROGRESS, { orderId: randomUUID() }],
      [SAGA_PROGRESS, { orderId: 'ftgo.>' }],
      [STATE_CHANGED, { orderId: randomUUID() }],
      [STATE_CHANGED, { orderId: '' }],
    ] as const) {
      const result = (await subscription(schema, source, variables)) as ExecutionResult;
      assert.deepEqual(
        result.errors?.map((e) => [e.extensions.code, e.message]),
        [['NOT_FOUND', 'order not found']],
      );
    }
    assert.equal(listeners.open, 0);

    // Mid-saga: the CreateOrder saga waits for authorizeCard, rows 1–6 are recorded.
    h.participants.on(accounting.AuthorizeOrder.type, 'hold');
    const placed = await h.createDemoOrder();
    const authorize = await h.participants.heldCommand(placed.id, accounting.AuthorizeOrder.type);
    const progress = await open(schema, SAGA_PROGRESS, { orderId: placed.id });
    const states = await open(schema, STATE_CHANGED, { orderId: placed.id });
    const replayed = await next(progress, 'sagaProgress', 6);
    assert.deepEqual(
      replayed.map((r) => [r.orderSequence, r.kind, r.step]),
      [
        [1, 'SAGA_STARTED', null],
        [2, 'STEP_STARTED', 'validateConsumer'],
        [3, 'STEP_SUCCEEDED', 'validateConsumer'],
        [4, 'STEP_STARTED', 'createTicket'],
        [5, 'STEP_SUCCEEDED', 'createTicket'],
        [6, 'STEP_STARTED', 'authorizeCard'],
      ],
    );
    assert.deepEqual(replayed[0].order, { id: placed.id, state: 'APPROVAL_PENDING' });
    assert.deepEqual(await next(states, 'orderStateChanged'), [
      { id: placed.id, state: 'APPROVAL_PENDING', version: 1, sagas: [{ type: 'CREATE_ORDER', state: 'RUNNING' }] },
    ]);
    assert.equal(listeners.open, 2);

    // The rest of the saga arrives live: rows 7–12, then the APPROVED order (read at delivery, not cached).
    await h.participants.reply(authorize, success());
    const live = await next(progress, 'sagaProgress', 6);
    assert.deepEqual(
      live.map((r) => [r.orderSequence, r.sequence, r.sagaType, r.kind, r.step, r.participant]),
      [
        [7, 7, 'CREATE_ORDER', 'STEP_SUCCEEDED', 'authorizeCard', 'accounting'],
        [8, 8, 'CREATE_ORDER', 'STEP_STARTED', 'confirmTicket', 'kitchen'],
        [9, 9, 'CREATE_ORDER', 'STEP_SUCCEEDED', 'confirmTicket', 'kitchen'],
        [10, 10, 'CREATE_ORDER', 'STEP_STARTED', 'approveOrder', 'order'],
        [11, 11, 'CREATE_ORDER', 'STEP_SUCCEEDED', 'approveOrder', 'order'],
        [12, 12, 'CREATE_ORDER', 'SAGA_COMPLETED', null, null],
      ],
    );
    assert.deepEqual(live[5].order, { id: placed.id, state: 'APPROVED' });
    assert.deepEqual(await next(states, 'orderStateChanged'), [
      { id: placed.id, state: 'APPROVED', version: 2, sagas: [{ type: 'CREATE_ORDER', state: 'COMPLETED' }] },
    ]);
    const saga = (await h.app.queries.sagasOfOrder(placed.id))[0];
    assert.deepEqual(
      [...replayed, ...live].map(({ order: _, ...row }) => row),
      await h.app.queries.sagaProgress(saga.id),
      'exactly the stored rows, in order',
    );

    // A later saga of the same order continues on the open streams (orderSequence 13–24).
    await h.app.commands.cancelOrder({ id: placed.id });
    const cancelling = await next(progress, 'sagaProgress', 12);
    assert.deepEqual(
      cancelling.map((r) => [r.orderSequence, r.sequence, r.sagaType]),
      Array.from({ length: 12 }, (_, i) => [13 + i, 1 + i, 'CANCEL_ORDER']),
    );
    assert.equal(cancelling[11].kind, 'SAGA_COMPLETED');
    assert.deepEqual(
      (await next(states, 'orderStateChanged', 2)).map((o) => [o.state, o.version]),
      [
        ['CANCEL_PENDING', 3],
        ['CANCELLED', 4],
      ],
    );

    // Nothing more; closing the streams ends their waiting reads and stops listening.
    await quietThenClose(progress);
    await quietThenClose(states);
    assert.equal(listeners.open, 0);

    // After the sagas ended: the full log replayed, or the part after `after`, then the stream stays open.
    const all = await open(schema, SAGA_PROGRESS, { orderId: placed.id });
    assert.deepEqual(
      (await next(all, 'sagaProgress', 24)).map((r) => r.orderSequence),
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
    await quietThenClose(all);
    const resumed = await open(schema, SAGA_PROGRESS, { orderId: placed.id, after: 20 });
    assert.deepEqual(
      (await next(resumed, 'sagaProgress', 4)).map(({ order: _, ...row }) => row),
      await h.app.queries.progressOfOrder(placed.id, 20),
    );
    await quietThenClose(resumed);
    const current = await open(schema, STATE_CHANGED, { orderId: placed.id });
    assert.deepEqual(await next(current, 'orderStateChanged'), [
      {
        id: placed.id,
        state: 'CANCELLED',
        version: 4,
        sagas: [
          { type: 'CREATE_ORDER', state: 'COMPLETED' },
          { type: 'CANCEL_ORDER', state: 'COMPLETED' },
        ],
      },
    ]);
    await quietThenClose(current);
    assert.equal(listeners.open, 0);
  });
}

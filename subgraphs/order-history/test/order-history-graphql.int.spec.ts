import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { ident, Outbox } from '@ftgo/infra';
import { printSubgraphSchema, subgraphContext } from '@ftgo/infra/graphql';
import { eventually, testPlatform } from '@ftgo/infra/testing';
import { order } from '@ftgo/schema';
import { type ExecutionResult, type GraphQLSchema, graphql } from 'graphql';
import { type OrderHistoryApplication, orderHistorySchema, orderHistoryService } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: a GraphQL result, read field by field in assertions
type Data = Record<string, any>;

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const RESTAURANT_ID = 'a7c3bd4e-0d3c-4f6b-8a57-2b0f7e1c9d11';
const ADDRESS = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };

/** Results as plain JSON (graphql-js builds objects without a prototype), as a client would read them. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

async function run(schema: GraphQLSchema, source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult<Data>> {
  return plain(await graphql({ schema, source, variableValues, contextValue: subgraphContext() })) as ExecutionResult<Data>;
}

async function data(schema: GraphQLSchema, source: string, variableValues?: Record<string, unknown>): Promise<Data> {
  const result = await run(schema, source, variableValues);
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data as Data;
}

async function failure(schema: GraphQLSchema, source: string, variableValues?: Record<string, unknown>): Promise<[unknown, string]> {
  const result = await run(schema, source, variableValues);
  assert.equal(result.errors?.length, 1, JSON.stringify(result));
  return [result.errors[0].extensions.code, result.errors[0].message];
}

/** The order-history service on a test platform; orders are published to the order service's outbox as it would. */
async function start(t: Parameters<typeof testPlatform>[0]) {
  const platform = await testPlatform(t, 'local', { services: ['order', 'order-history'] });
  platform.startRelay('order');
  const service = await orderHistoryService.start(platform);
  t?.after(() => service.stop());
  const messages = platform.messages('order');
  const outbox = new Outbox(platform.schema('order'));
  const table = `${ident(platform.schema('order-history'))}.orders`;
  /** Places `count` orders of `consumerId`, one minute apart from `from`; approves every other one. Waits for the projection. */
  const place = async (consumerId: string, count: number, from = T0, restaurantName = 'Ajanta') => {
    const orders = Array.from({ length: count }, (_, i) => ({ orderId: randomUUID(), createdAt: from + i * 60_000, approved: i % 2 === 1 }));
    const lineItems = [
      { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2 },
      { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1 },
    ];
    await outbox.append(
      platform.db,
      orders.flatMap(({ orderId, createdAt, approved }) => [
        messages.event(
          order.OrderCreated,
          { id: orderId, version: 1 },
          {
            orderId,
            consumerId,
            restaurantId: RESTAURANT_ID,
            restaurantName,
            lineItems,
            orderTotal: 2997,
            deliverAt: iso(createdAt + 3_600_000),
            deliverTo: ADDRESS,
            createdAt: iso(createdAt),
            occurredAt: iso(createdAt),
          },
        ),
        ...(approved
          ? [messages.event(order.OrderApproved, { id: orderId, version: 2 }, { orderId, ticketId: randomUUID(), occurredAt: iso(createdAt + 1000) })]
          : []),
      ]),
    );
    const expected = orders.length + orders.filter((o) => o.approved).length;
    await eventually(
      async () =>
        (
          await platform.db.query<{ n: number }>(`SELECT coalesce(sum(version), 0)::int AS n FROM ${table} WHERE order_id = ANY($1::uuid[])`, [
            orders.map((o) => o.orderId),
          ])
        ).rows[0].n === expected,
      15_000,
      `${count} orders of ${consumerId} projected`,
    );
    return orders;
  };
  return { platform, app: service.app, place };
}

const ENTRY = `orderId order { id } consumerId restaurantId restaurantName state orderTotal lineItems { menuItemId name price quantity total } createdAt updatedAt`;
const HISTORY = `query($consumerId: ID!, $filter: OrderHistoryFilter, $first: Int, $after: String) {
  orderHistory(consumerId: $consumerId, filter: $filter, first: $first, after: $after) { edges { cursor node { ${ENTRY} } } pageInfo { hasNextPage endCursor } } }`;
const HISTORY_DEFAULT_FIRST = `query($consumerId: ID!) { orderHistory(consumerId: $consumerId) { edges { node { orderId } } pageInfo { hasNextPage endCursor } } }`;

test('the order-history subgraph SDL: Consumer entity with orders, Order reference, shareable OrderLineItem and PageInfo', async () => {
  const sdl = printSubgraphSchema(await orderHistorySchema({} as OrderHistoryApplication));
  assert.match(
    sdl,
    /type Consumer\s+@key\(fields: "id"\)\s*\{\s*id: ID!\s*orders\(filter: OrderHistoryFilter, first: Int = 20, after: String\): OrderHistoryConnection!/,
  );
  assert.match(sdl, /type Order\s+@key\(fields: "id", resolvable: false\)/);
  assert.match(sdl, /type OrderLineItem\s+@shareable/);
  assert.match(sdl, /type PageInfo\s+@shareable/);
  assert.match(sdl, /orderHistory\(consumerId: ID!, filter: OrderHistoryFilter, first: Int = 20, after: String\): OrderHistoryConnection!/);
  assert.match(sdl, /enum OrderState \{\s*APPROVAL_PENDING\s*APPROVED\s*REJECTED\s*CANCEL_PENDING\s*CANCELLED\s*REVISION_PENDING\s*\}/);
});

test('orderHistory: entries with their Order reference, newest first, 20 by default, keyset pages, filters, errors, unknown consumers', async (t) => {
  const h = await start(t);
  const schema = await orderHistorySchema(h.app);
  const consumerId = randomUUID();
  const placed = await h.place(consumerId, 22);
  const newestFirst = [...placed].reverse();

  const firstPage = (await data(schema, HISTORY_DEFAULT_FIRST, { consumerId })).orderHistory;
  assert.deepEqual(
    firstPage.edges.map((e: Data) => e.node.orderId),
    newestFirst.slice(0, 20).map((o) => o.orderId),
  );
  assert.equal(firstPage.pageInfo.hasNextPage, true);
  const rest = (await data(schema, HISTORY, { consumerId, after: firstPage.pageInfo.endCursor })).orderHistory;
  assert.deepEqual(
    rest.edges.map((e: Data) => e.node.orderId),
    newestFirst.slice(20).map((o) => o.orderId),
  );
  assert.equal(rest.pageInfo.hasNextPage, false);
  assert.equal(rest.pageInfo.endCursor, rest.edges[1].cursor);

  const [latest] = (await data(schema, HISTORY, { consumerId, first: 1 })).orderHistory.edges;
  const newest = newestFirst[0];
  assert.deepEqual(latest.node, {
    orderId: newest.orderId,
    order: { id: newest.orderId },
    consumerId,
    restaurantId: RESTAURANT_ID,
    restaurantName: 'Ajanta',
    state: 'APPROVED',
    orderTotal: 2997,
    lineItems: [
      { menuItemId: 'item1', name: 'Chicken Vindaloo', price: 1299, quantity: 2, total: 2598 },
      { menuItemId: 'item3', name: 'Garlic Naan', price: 399, quantity: 1, total: 399 },
    ],
    createdAt: iso(newest.createdAt),
    updatedAt: iso(newest.createdAt + 1000),
  });

  // Filters: since (strict), states, keywords.
  const ids = async (filter: Data, first = 50) =>
    (await data(schema, HISTORY, { consumerId, filter, first })).orderHistory.edges.map((e: Data) => e.node.orderId);
  assert.deepEqual(
    await ids({ since: iso(placed[19].createdAt) }),
    [placed[21], placed[20]].map((o) => o.orderId),
  );
  assert.deepEqual(
    await ids({ states: ['APPROVAL_PENDING'], since: iso(placed[15].createdAt) }),
    [placed[20], placed[18], placed[16]].map((o) => o.orderId),
  );
  assert.equal((await ids({ keywords: ['naan', 'AJANTA'] })).length, 22);
  assert.deepEqual(await ids({ keywords: ['pizza'] }), []);

  // Arguments the domain refuses: BAD_USER_INPUT with its message.
  assert.deepEqual(await failure(schema, HISTORY, { consumerId, first: 51 }), ['BAD_USER_INPUT', 'first must be between 1 and 50']);
  assert.deepEqual(await failure(schema, HISTORY, { consumerId, first: 0 }), ['BAD_USER_INPUT', 'first must be between 1 and 50']);
  assert.deepEqual(await failure(schema, HISTORY, { consumerId, after: 'not a cursor' }), ['BAD_USER_INPUT', 'invalid cursor']);
  assert.deepEqual(await failure(schema, HISTORY, { consumerId, filter: { keywords: ['--'] } }), ['BAD_USER_INPUT', 'keyword must contain a letter or digit']);

  // An unknown or malformed consumer has an empty history.
  for (const unknown of [randomUUID(), 'not-a-uuid', '']) {
    assert.deepEqual((await data(schema, HISTORY, { consumerId: unknown })).orderHistory, { edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  }
});

test('Consumer.orders: 50 Consumer representations make one orderHistories call, each with its own page', async (t) => {
  const h = await start(t);
  const consumers = [randomUUID(), randomUUID(), randomUUID()];
  const placed = [await h.place(consumers[0], 3, T0, 'Ajanta'), await h.place(consumers[1], 1, T0 + 1000, 'Pizza Place'), []];
  const calls: (readonly string[])[] = [];
  const app: OrderHistoryApplication = {
    ...h.app,
    queries: {
      ...h.app.queries,
      orderHistories: (consumerIds, args) => {
        calls.push(consumerIds);
        return h.app.queries.orderHistories(consumerIds, args);
      },
    },
  };
  const schema = await orderHistorySchema(app);
  const representations = [...consumers, ...Array.from({ length: 46 }, () => randomUUID()), 'not-a-uuid'].map((id) => ({ __typename: 'Consumer', id }));
  assert.equal(representations.length, 50);
  const { _entities } = await data(
    schema,
    `query($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on Consumer { id orders(first: 2) { edges { node { orderId restaurantName order { id } } } pageInfo { hasNextPage } } } } }`,
    { representations },
  );
  assert.deepEqual(
    calls.map((ids) => ids.length),
    [50],
  );
  assert.deepEqual(
    _entities
      .slice(0, 3)
      .map((c: Data) => [c.id, c.orders.edges.map((e: Data) => [e.node.orderId, e.node.order.id, e.node.restaurantName]), c.orders.pageInfo.hasNextPage]),
    [
      [consumers[0], [placed[0][2], placed[0][1]].map((o) => [o.orderId, o.orderId, 'Ajanta']), true],
      [consumers[1], [[placed[1][0].orderId, placed[1][0].orderId, 'Pizza Place']], false],
      [consumers[2], [], false],
    ],
  );
  assert.ok(_entities.slice(3).every((c: Data) => c.orders.edges.length === 0 && !c.orders.pageInfo.hasNextPage));

  // Consumer.orders and orderHistory are the same query: the same page, and with the same arguments one call.
  calls.length = 0;
  const both = await data(
    schema,
    `query($representations: [_Any!]!, $consumerId: ID!) {
      orderHistory(consumerId: $consumerId, first: 2) { edges { node { orderId } } }
      _entities(representations: $representations) { ... on Consumer { orders(first: 2) { edges { node { orderId } } } } } }`,
    { representations: representations.slice(0, 2), consumerId: consumers[0] },
  );
  assert.deepEqual(both.orderHistory, both._entities[0].orders);
  assert.deepEqual(
    calls.map((ids) => ids.length),
    [2],
  );

  // A refused argument fails every consumer's field with the domain's code and message.
  const refused = await run(schema, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Consumer { orders(first: 99) { edges { cursor } } } } }', {
    r: representations.slice(0, 2),
  });
  assert.deepEqual(
    refused.errors?.map((e) => [e.extensions?.code, e.message]),
    [
      ['BAD_USER_INPUT', 'first must be between 1 and 50'],
      ['BAD_USER_INPUT', 'first must be between 1 and 50'],
    ],
  );
});

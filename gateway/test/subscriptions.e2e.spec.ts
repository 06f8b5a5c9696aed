import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fastRetryPolicy, type Platform } from '@ftgo/infra';
import { serveSubgraph } from '@ftgo/infra/graphql';
import { dropNamespace, eventually, testPlatform } from '@ftgo/infra/testing';
import type { FormattedExecutionResult } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { Registry } from 'prom-client';
import WebSocket from 'ws';
import { type LocalSubgraph, type RunningGateway, startGateway } from '../src/server/gateway-server.js';
import { SUBGRAPHS } from '../src/subgraphs.js';
import { type System, startSystem } from '../src/system.js';

/**
 * Federated subscriptions end to end (DESIGN, GraphQL: subscriptions): the embedded stack on real
 * Postgres and local messaging, the gateway over the checked-in supergraph, clients over graphql-ws and
 * graphql-sse on the gateway's `/graphql`, everything seeded through GraphQL mutations at the gateway.
 */

const SUPERGRAPH = fileURLToPath(new URL('../../../schema/supergraph.graphql', import.meta.url));
const MAX_PER_CONNECTION = 3;
const IDLE_MS = 1_500;

let platform: Platform;
let system: System;
let subgraphs: LocalSubgraph[];
let gateway: RunningGateway;
let base: string;
let wsUrl: string;
let restaurantId: string;
let consumerId: string;

interface Answer {
  data?: Record<string, Record<string, unknown>> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer;
}

async function data(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, Record<string, unknown>>> {
  const answer = await gql(query, variables);
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  return answer.data as Record<string, Record<string, unknown>>;
}

/** createOrder as a client does it: retried while the order service's replicas catch up (DOMAIN §1.4). */
async function placeOrder(): Promise<string> {
  const order = await eventually(
    async () => {
      const answer = await gql(`mutation Place($input: CreateOrderInput!) { createOrder(input: $input) { id state } }`, {
        input: {
          consumerId,
          restaurantId,
          lineItems: [
            { menuItemId: 'item1', quantity: 2 },
            { menuItemId: 'item3', quantity: 1 },
          ],
          deliverToAddressId: 'Home',
        },
      });
      if (answer.errors?.some((e) => /restaurant not found|consumer not found|an address with that identifier/.test(e.message))) return null;
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      return answer.data?.createOrder;
    },
    20_000,
    'the replicas to accept the order',
  );
  return order.id as string;
}

async function sagaEnded(orderId: string, count = 1): Promise<void> {
  await eventually(
    async () => {
      const sagas = await system.order.queries.sagasOfOrder(orderId);
      return sagas.length >= count && sagas.every((s) => s.endedAt !== null);
    },
    20_000,
    `saga ${count} of order ${orderId} to end`,
  );
}

const PROGRESS = `subscription Progress($orderId: ID!, $after: Int) {
  sagaProgress(orderId: $orderId, after: $after) {
    orderSequence sequence kind step sagaType orderId
    order { id state restaurant { name } }
  }
}`;

const SHARED = `subscription Shared($orderId: ID!) {
  sagaProgress(orderId: $orderId) {
    orderSequence kind
    order { state restaurant { name } consumer { name } ticket { state } }
  }
}`;

const STATES = `subscription States($orderId: ID!) {
  orderStateChanged(orderId: $orderId) { id state version restaurant { name } ticket { state } }
}`;

type Result = FormattedExecutionResult<Record<string, Record<string, unknown>>>;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

/** Collects results until `done` says so (or the stream ends), then unsubscribes. */
async function collect(iterator: AsyncIterableIterator<Result>, done: (results: Result[]) => boolean, what: string, ms = 30_000): Promise<Result[]> {
  const results: Result[] = [];
  const run = async () => {
    try {
      for await (const result of iterator) {
        results.push(result);
        if (done(results)) break;
      }
    } finally {
      await iterator.return?.();
    }
    return results;
  };
  return withTimeout(run(), ms, what);
}

function wsClient(url = wsUrl) {
  return createWsClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
}

function sseClient(url = `${base}/graphql`) {
  return createSseClient({ url, retryAttempts: 0 });
}

const upTo = (n: number) => (results: Result[]) => results.length >= n || results.some((r) => r.errors);
const untilCompleted = (results: Result[]) =>
  results.some((r) => r.errors || (r.data?.sagaProgress as { kind?: string } | undefined)?.kind === 'SAGA_COMPLETED');

function progressOf(results: Result[]) {
  return results.map((r) => {
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data?.sagaProgress as { orderSequence: number; kind: string; order: { state: string; restaurant: { name: string } } };
  });
}

function assertWholeSaga(results: Result[], orderId: string) {
  const events = progressOf(results);
  assert.deepEqual(
    events.map((e) => e.orderSequence),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  );
  assert.equal(events[0].kind, 'SAGA_STARTED');
  const last = events.at(-1)!;
  assert.equal(last.kind, 'SAGA_COMPLETED');
  assert.equal(last.order.state, 'APPROVED');
  for (const e of events) {
    assert.equal(e.order.restaurant.name, 'Ajanta');
    assert.equal((e as unknown as { orderId: string }).orderId, orderId);
  }
}

const stateOf = (result: Result) => result.data?.orderStateChanged as { state: string; version: number } | undefined;

async function metricsText(): Promise<string> {
  return (await fetch(`${base}/metrics`)).text();
}

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

before(async () => {
  platform = await testPlatform(undefined, 'local', { retry: fastRetryPolicy(5, 100) });
  system = await startSystem(platform);
  subgraphs = await Promise.all(SUBGRAPHS.map(async (definition) => ({ name: definition.name, schema: await definition.schema(system) })));
  gateway = await startGateway({
    port: 0,
    host: '127.0.0.1',
    supergraphPath: SUPERGRAPH,
    localSubgraphs: subgraphs,
    localOnly: true,
    registry: new Registry(),
    logger: platform.logger,
    maxSubscriptionsPerConnection: MAX_PER_CONNECTION,
    subscriptionIdleTimeoutMs: IDLE_MS,
  });
  base = `http://127.0.0.1:${gateway.port}`;
  wsUrl = `ws://127.0.0.1:${gateway.port}/graphql`;

  const restaurant = await data(
    `mutation { createRestaurant(input: {
      name: "Ajanta", address: { street1: "1 Main Street", city: "Oakland", state: "CA", zip: "94611" },
      menu: [{ id: "item1", name: "Chicken Vindaloo", price: 1299 }, { id: "item2", name: "Chicken Tikka Masala", price: 1499 }, { id: "item3", name: "Garlic Naan", price: 399 }]
    }) { id } }`,
  );
  restaurantId = restaurant.createRestaurant.id as string;
  const consumer = await data(`mutation { registerConsumer(input: { name: "Able Anders" }) { id } }`);
  consumerId = consumer.registerConsumer.id as string;
  await data(
    `mutation Address($id: ID!) { addConsumerAddress(consumerId: $id, addressId: "Home", address: { street1: "123 Main St.", city: "Oakland", state: "CA", zip: "94612" }) { id } }`,
    { id: consumerId },
  );
  await eventually(async () => (await gql(`query A($id: ID!) { account(id: $id) { id } }`, { id: consumerId })).data?.account, 20_000, 'the account');
});

after(async () => {
  await gateway?.close();
  await system?.stop();
  await platform?.close();
  if (platform) await dropNamespace(platform.config);
});

describe('federated subscriptions through the gateway', () => {
  let endedOrderId: string;

  it('streams a CreateOrder saga over graphql-ws: orderSequence 1..12, federated fields per event', async () => {
    const orderId = await placeOrder();
    const client = wsClient();
    try {
      const results = await collect(
        client.iterate({ query: PROGRESS, variables: { orderId } }) as AsyncIterableIterator<Result>,
        untilCompleted,
        'the saga over ws',
      );
      assertWholeSaga(results, orderId);
    } finally {
      await client.dispose();
    }
    endedOrderId = orderId;
  });

  it('streams a CreateOrder saga over SSE', async () => {
    const orderId = await placeOrder();
    const client = sseClient();
    try {
      const results = await collect(
        client.iterate({ query: PROGRESS, variables: { orderId } }) as AsyncIterableIterator<Result>,
        untilCompleted,
        'the saga over sse',
      );
      assertWholeSaga(results, orderId);
    } finally {
      client.dispose();
    }
  });

  it('replays every event of an ended saga, and only those after `after`', async () => {
    await sagaEnded(endedOrderId);
    const client = wsClient();
    try {
      const all = await collect(
        client.iterate({ query: PROGRESS, variables: { orderId: endedOrderId } }) as AsyncIterableIterator<Result>,
        upTo(12),
        'the replay',
      );
      assertWholeSaga(all, endedOrderId);
      const rest = await collect(
        client.iterate({ query: PROGRESS, variables: { orderId: endedOrderId, after: 6 } }) as AsyncIterableIterator<Result>,
        upTo(6),
        'after 6',
      );
      assert.deepEqual(
        progressOf(rest).map((e) => e.orderSequence),
        [7, 8, 9, 10, 11, 12],
      );
    } finally {
      await client.dispose();
    }
    const sse = sseClient();
    try {
      const rest = await collect(
        sse.iterate({ query: PROGRESS, variables: { orderId: endedOrderId, after: 10 } }) as AsyncIterableIterator<Result>,
        upTo(2),
        'after 10 over sse',
      );
      assert.deepEqual(
        progressOf(rest).map((e) => e.orderSequence),
        [11, 12],
      );
    } finally {
      sse.dispose();
    }
  });

  it('answers NOT_FOUND for an unknown order, over both transports', async () => {
    const unknown = randomUUID();
    const client = wsClient();
    try {
      const results = await collect(
        client.iterate({ query: PROGRESS, variables: { orderId: unknown } }) as AsyncIterableIterator<Result>,
        upTo(1),
        'NOT_FOUND over ws',
      );
      assert.equal(results.length, 1);
      assert.equal(results[0].errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(results));
      const states = await collect(
        client.iterate({ query: STATES, variables: { orderId: unknown } }) as AsyncIterableIterator<Result>,
        upTo(1),
        'NOT_FOUND states',
      );
      assert.equal(states[0].errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(states));
    } finally {
      await client.dispose();
    }
    const sse = sseClient();
    try {
      const results = await collect(
        sse.iterate({ query: PROGRESS, variables: { orderId: unknown } }) as AsyncIterableIterator<Result>,
        upTo(1),
        'NOT_FOUND over sse',
      );
      assert.equal(results[0].errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(results));
    } finally {
      sse.dispose();
    }
  });

  it('makes one entity fetch per subgraph per event for 10 subscribers of the same selection', async () => {
    const before = await metricsText();
    const fetches = (text: string, subgraph: string) => sample(text, `ftgo_gateway_subscription_fetches_total{subgraph="${subgraph}"}`);
    const clients = Array.from({ length: 10 }, () => wsClient());
    try {
      const all = await Promise.all(
        clients.map((client, i) =>
          collect(client.iterate({ query: SHARED, variables: { orderId: endedOrderId } }) as AsyncIterableIterator<Result>, upTo(12), `subscriber ${i}`),
        ),
      );
      for (const results of all) {
        const events = results.map((r) => {
          assert.equal(r.errors, undefined, JSON.stringify(r.errors));
          return r.data?.sagaProgress as {
            orderSequence: number;
            order: { state: string; restaurant: { name: string }; consumer: { name: string }; ticket: { state: string } };
          };
        });
        assert.deepEqual(
          events.map((e) => e.orderSequence),
          [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        );
        assert.deepEqual(events.at(-1)?.order, {
          state: 'APPROVED',
          restaurant: { name: 'Ajanta' },
          consumer: { name: 'Able Anders' },
          ticket: { state: 'AWAITING_ACCEPTANCE' },
        });
      }
      const after = await metricsText();
      for (const subgraph of ['restaurant', 'consumer', 'kitchen']) {
        assert.equal(fetches(after, subgraph) - fetches(before, subgraph), 12, `${subgraph}: one fetch per event for 10 subscribers`);
      }
      assert.equal(fetches(after, 'order') - fetches(before, 'order'), 0, 'the order fields come with the event');
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });

  it('streams orderStateChanged: the current state first, then each change, across a supergraph reload', async () => {
    const orderId = endedOrderId;
    const client = wsClient();
    try {
      const iterator = client.iterate({ query: STATES, variables: { orderId } }) as AsyncIterableIterator<Result>;
      const first = await withTimeout(iterator.next(), 15_000, 'the current state');
      assert.equal(first.done, false);
      assert.deepEqual(first.value.data?.orderStateChanged, {
        id: orderId,
        state: 'APPROVED',
        version: stateOf(first.value)?.version,
        restaurant: { name: 'Ajanta' },
        ticket: { state: 'AWAITING_ACCEPTANCE' },
      });
      // A new supergraph (here the same text) gets a new planner; this stream keeps going.
      gateway.subscriptions.reload(await readFile(SUPERGRAPH, 'utf8'));
      const cancelled = await data(`mutation Cancel($id: ID!) { cancelOrder(id: $id) { state } }`, { id: orderId });
      assert.equal(cancelled.cancelOrder.state, 'CANCEL_PENDING');
      const rest = await collect(iterator, (results) => results.some((r) => r.errors || stateOf(r)?.state === 'CANCELLED'), 'the cancellation');
      assert.deepEqual(
        rest.map((r) => stateOf(r)?.state),
        ['CANCEL_PENDING', 'CANCELLED'],
      );
    } finally {
      await client.dispose();
    }
  });

  it('runs queries and mutations sent over graphql-ws and SSE through the gateway', async () => {
    const query = 'query R($id: ID!) { restaurant(id: $id) { name } }';
    const client = wsClient();
    const sse = sseClient();
    try {
      const overWs = await collect(client.iterate({ query, variables: { id: restaurantId } }) as AsyncIterableIterator<Result>, upTo(1), 'a query over ws');
      assert.deepEqual(overWs, [{ data: { restaurant: { name: 'Ajanta' } } }]);
      const overSse = await collect(sse.iterate({ query, variables: { id: restaurantId } }) as AsyncIterableIterator<Result>, upTo(1), 'a query over sse');
      assert.deepEqual(overSse, [{ data: { restaurant: { name: 'Ajanta' } } }]);
      const invalid = await collect(
        client.iterate({ query: 'subscription { nope }' }) as AsyncIterableIterator<Result>,
        upTo(1),
        'an invalid subscription',
      ).catch((errors: unknown) => [{ errors } as unknown as Result]);
      assert.match(JSON.stringify(invalid), /GRAPHQL_VALIDATION_FAILED/);
    } finally {
      await client.dispose();
      sse.dispose();
    }
  });

  it('refuses more than the maximum subscriptions on one connection', async () => {
    const client = wsClient();
    const iterators: AsyncIterableIterator<Result>[] = [];
    try {
      for (let i = 0; i < MAX_PER_CONNECTION; i++) {
        const iterator = client.iterate({ query: STATES, variables: { orderId: endedOrderId } }) as AsyncIterableIterator<Result>;
        iterators.push(iterator);
        await withTimeout(iterator.next(), 10_000, `subscription ${i}`);
      }
      const over = client.iterate({ query: STATES, variables: { orderId: endedOrderId } }) as AsyncIterableIterator<Result>;
      await assert.rejects(withTimeout(over.next(), 10_000, 'the refusal'), (errors: unknown) => {
        assert.match(JSON.stringify(errors), /at most 3 subscriptions per connection/);
        return true;
      });
    } finally {
      for (const iterator of iterators) await iterator.return?.();
      await client.dispose();
    }
  });

  it('closes a WebSocket that holds no subscription for the idle timeout', async () => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    const started = Date.now();
    const [code, reason] = await withTimeout(
      new Promise<[number, string]>((resolve) => socket.once('close', (c, r) => resolve([c, r.toString()]))),
      IDLE_MS * 4,
      'the idle close',
    );
    assert.equal(code, 1000);
    assert.match(reason, /idle/);
    assert.ok(Date.now() - started >= IDLE_MS - 100);
  });

  it('counts active subscriptions and events, and completes open streams on close()', async () => {
    const second = await startGateway({
      port: 0,
      host: '127.0.0.1',
      supergraphPath: SUPERGRAPH,
      localSubgraphs: subgraphs,
      localOnly: true,
      registry: new Registry(),
      logger: platform.logger,
    });
    const ws = wsClient(`ws://127.0.0.1:${second.port}/graphql`);
    const sse = sseClient(`http://127.0.0.1:${second.port}/graphql`);
    try {
      const overWs = ws.iterate({ query: STATES, variables: { orderId: endedOrderId } }) as AsyncIterableIterator<Result>;
      const overSse = sse.iterate({ query: STATES, variables: { orderId: endedOrderId } }) as AsyncIterableIterator<Result>;
      await withTimeout(overWs.next(), 10_000, 'ws first event');
      await withTimeout(overSse.next(), 10_000, 'sse first event');
      const text = await (await fetch(`http://127.0.0.1:${second.port}/metrics`)).text();
      assert.equal(sample(text, 'ftgo_gateway_active_subscriptions{transport="ws"}'), 1);
      assert.equal(sample(text, 'ftgo_gateway_active_subscriptions{transport="sse"}'), 1);
      assert.equal(sample(text, 'ftgo_gateway_subscription_events_total{transport="ws"}'), 1);
      assert.equal(sample(text, 'ftgo_gateway_subscription_events_total{transport="sse"}'), 1);
      // Each event's time in the gateway, from its subgraph to the subscriber's transport: one per event.
      assert.equal(sample(text, 'ftgo_gateway_subscription_delivery_seconds_count'), 2);
      assert.ok(sample(text, 'ftgo_gateway_subscription_delivery_seconds_sum') > 0);

      const ended = Promise.all([overWs.next().catch(() => ({ done: true })), overSse.next().catch(() => ({ done: true }))]);
      await withTimeout(second.close(), 10_000, 'close()');
      const [a, b] = await withTimeout(ended, 5_000, 'the streams to end');
      assert.equal(a.done, true);
      assert.equal(b.done, true);
      assert.equal(second.subscriptions.activeCount, 0);
    } finally {
      await ws.dispose();
      sse.dispose();
      await second.close();
    }
  });
});

describe('federated subscriptions in distributed mode (subgraphs over HTTP and graphql-ws)', () => {
  const servers = new Map<string, { port: number; close(): Promise<void> }>();
  let distributed: RunningGateway;
  let distributedWs: string;

  const serve = async (name: string, port = 0) => {
    const schema = subgraphs.find((s) => s.name === name)?.schema;
    assert.ok(schema);
    const server = await serveSubgraph({ name, schema, port, host: '127.0.0.1', registry: new Registry() });
    servers.set(name, server);
    return server;
  };

  before(async () => {
    for (const { name } of subgraphs) await serve(name);
    distributed = await startGateway({
      port: 0,
      host: '127.0.0.1',
      supergraphPath: SUPERGRAPH,
      subgraphUrl: (name) => `http://127.0.0.1:${servers.get(name)?.port}/graphql`,
      registry: new Registry(),
      logger: platform.logger,
    });
    distributedWs = `ws://127.0.0.1:${distributed.port}/graphql`;
  });

  after(async () => {
    await distributed?.close();
    for (const server of servers.values()) await server.close();
  });

  it('streams a saga from the order subgraph over graphql-ws with federated fields, and NOT_FOUND', async () => {
    assert.ok(distributed.subgraphs.every((s) => s.mode === 'distributed'));
    const orderId = await placeOrder();
    const client = wsClient(distributedWs);
    try {
      const results = await collect(client.iterate({ query: PROGRESS, variables: { orderId } }) as AsyncIterableIterator<Result>, untilCompleted, 'the saga');
      assertWholeSaga(results, orderId);
      const missing = await collect(
        client.iterate({ query: PROGRESS, variables: { orderId: randomUUID() } }) as AsyncIterableIterator<Result>,
        upTo(1),
        'NOT_FOUND',
      );
      assert.equal(missing[0].errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(missing));
    } finally {
      await client.dispose();
    }
  });

  it('resumes after the last orderSequence when the order subgraph restarts mid-stream', async () => {
    const orderId = await placeOrder();
    await sagaEnded(orderId);
    const client = wsClient(distributedWs);
    // No orderSequence in the client's selection and no `after` variable: the gateway adds what it needs.
    const query = `subscription { sagaProgress(orderId: "${orderId}") { kind sagaType order { state restaurant { name } } } }`;
    try {
      const iterator = client.iterate({ query }) as AsyncIterableIterator<Result>;
      const kinds: string[] = [];
      for (let i = 0; i < 12; i++) {
        const next = await withTimeout(iterator.next(), 15_000, `event ${i + 1}`);
        assert.equal(next.done, false);
        assert.equal(next.value.errors, undefined, JSON.stringify(next.value.errors));
        const progress = next.value.data?.sagaProgress as { kind: string; orderSequence?: number };
        assert.equal(progress.orderSequence, undefined, 'only the selection the client asked for');
        kinds.push(progress.kind);
      }
      assert.equal(kinds.at(-1), 'SAGA_COMPLETED');

      const order = servers.get('order');
      assert.ok(order);
      await order.close();
      await serve('order', order.port);
      await eventually(async () => (await gql(`query O($id: ID!) { order(id: $id) { id } }`, { id: orderId })).data?.order, 10_000, 'the order subgraph');
      const cancelled = await data(`mutation Cancel($id: ID!) { cancelOrder(id: $id) { state } }`, { id: orderId });
      assert.equal(cancelled.cancelOrder.state, 'CANCEL_PENDING');

      const rest = await collect(
        iterator,
        (results) => results.some((r) => r.errors || (r.data?.sagaProgress as { kind?: string } | undefined)?.kind === 'SAGA_COMPLETED'),
        'the cancel saga after the restart',
      );
      const cancel = rest.map((r) => {
        assert.equal(r.errors, undefined, JSON.stringify(r.errors));
        return r.data?.sagaProgress as { kind: string; sagaType: string; order: { state: string } };
      });
      // Resumed after 12: the CreateOrder events are not replayed again.
      assert.ok(
        cancel.every((e) => e.sagaType === 'CANCEL_ORDER'),
        JSON.stringify(cancel),
      );
      assert.equal(cancel[0].kind, 'SAGA_STARTED');
      assert.equal(cancel.at(-1)?.order.state, 'CANCELLED');
      const stored = await system.order.queries.progressOfOrder(orderId);
      assert.equal(12 + cancel.length, stored.length);
    } finally {
      await client.dispose();
    }
  });
});

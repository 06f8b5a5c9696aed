import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fastRetryPolicy, type Platform } from '@ftgo/infra';
import { dropNamespace, eventually, testPlatform } from '@ftgo/infra/testing';
import type { FormattedExecutionResult } from 'graphql';
import { createClient } from 'graphql-ws';
import { Registry } from 'prom-client';
import WebSocket from 'ws';
import { type RunningGateway, startGateway } from '../src/server/gateway-server.js';
import { SUBGRAPHS } from '../src/subgraphs.js';
import { type System, startSystem } from '../src/system.js';

/**
 * Multiplexed upstreams (DESIGN, GraphQL: subscriptions): 50 `sagaProgress` subscribers of one order, half
 * opened while the saga runs and half after it ended, share ONE upstream stream from the order subgraph
 * (`ftgo_gateway_subscription_upstreams`), and each still gets its own replay: 1..12, or after its `after`.
 */

const SUPERGRAPH = fileURLToPath(new URL('../../../schema/supergraph.graphql', import.meta.url));
const PROGRESS = `subscription Progress($orderId: ID!, $after: Int) {
  sagaProgress(orderId: $orderId, after: $after) { orderSequence kind order { id restaurant { name } } }
}`;

type Result = FormattedExecutionResult<{ sagaProgress: { orderSequence: number; kind: string; order: { id: string; restaurant: { name: string } } } }>;

let platform: Platform;
let system: System;
let gateway: RunningGateway;
let base: string;

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, Record<string, unknown>> | null; errors?: { message: string }[] };
}

async function data(query: string, variables: Record<string, unknown> = {}) {
  const answer = await gql(query, variables);
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  return answer.data as Record<string, Record<string, unknown>>;
}

async function upstreams(): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('ftgo_gateway_subscription_upstreams '));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

before(async () => {
  platform = await testPlatform(undefined, 'local', { retry: fastRetryPolicy(5, 100) });
  system = await startSystem(platform);
  const localSubgraphs = await Promise.all(SUBGRAPHS.map(async (definition) => ({ name: definition.name, schema: await definition.schema(system) })));
  gateway = await startGateway({
    port: 0,
    host: '127.0.0.1',
    supergraphPath: SUPERGRAPH,
    localSubgraphs,
    localOnly: true,
    registry: new Registry(),
    logger: platform.logger,
  });
  base = `http://127.0.0.1:${gateway.port}`;
});

after(async () => {
  await gateway?.close();
  await system?.stop();
  await platform?.close();
  if (platform) await dropNamespace(platform.config);
});

it('50 subscribers of one order share one upstream, and each gets its full replay', { timeout: 90_000 }, async () => {
  const restaurant = await data(
    `mutation { createRestaurant(input: {
      name: "Ajanta", address: { street1: "1 Main Street", city: "Oakland", state: "CA", zip: "94611" },
      menu: [{ id: "item1", name: "Chicken Vindaloo", price: 1299 }, { id: "item3", name: "Garlic Naan", price: 399 }]
    }) { id } }`,
  );
  const consumer = await data(`mutation { registerConsumer(input: { name: "Able Anders" }) { id } }`);
  const consumerId = consumer.registerConsumer.id as string;
  await data(
    `mutation A($id: ID!) { addConsumerAddress(consumerId: $id, addressId: "Home", address: { street1: "123 Main St.", city: "Oakland", state: "CA", zip: "94612" }) { id } }`,
    { id: consumerId },
  );
  await eventually(async () => (await gql(`query A($id: ID!) { account(id: $id) { id } }`, { id: consumerId })).data?.account, 20_000, 'the account');
  const order = await eventually(
    async () => {
      const answer = await gql(`mutation P($input: CreateOrderInput!) { createOrder(input: $input) { id } }`, {
        input: { consumerId, restaurantId: restaurant.createRestaurant.id, lineItems: [{ menuItemId: 'item1', quantity: 2 }], deliverToAddressId: 'Home' },
      });
      if (answer.errors?.some((e) => /not found|an address with that identifier/.test(e.message))) return null;
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      return answer.data?.createOrder;
    },
    20_000,
    'the replicas to accept the order',
  );
  const orderId = order.id as string;

  const clients = Array.from({ length: 5 }, () =>
    createClient({ url: `ws://127.0.0.1:${gateway.port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true }),
  );
  const subscribers: { after: number | undefined; results: Result[]; iterator: AsyncIterableIterator<Result>; running: Promise<void> }[] = [];
  const subscribe = (n: number, afterOf: (i: number) => number | undefined) => {
    for (let i = 0; i < n; i++) {
      const after = afterOf(i);
      const iterator = clients[subscribers.length % clients.length].iterate({
        query: PROGRESS,
        variables: { orderId, after },
      }) as AsyncIterableIterator<Result>;
      const results: Result[] = [];
      const running = (async () => {
        for await (const result of iterator) results.push(result);
      })();
      subscribers.push({ after, results, iterator, running });
    }
  };
  try {
    // Half while the saga runs, half after it ended; some of each ask for a replay after a position.
    subscribe(25, (i) => (i % 5 === 4 ? 3 : undefined));
    await eventually(
      async () => {
        const sagas = await system.order.queries.sagasOfOrder(orderId);
        return sagas.length >= 1 && sagas.every((s) => s.endedAt !== null);
      },
      30_000,
      'the saga to end',
    );
    subscribe(25, (i) => (i % 5 === 4 ? 7 : undefined));
    await eventually(
      async () => subscribers.every((s) => s.results.length >= 12 - (s.after ?? 0) || s.results.some((r) => r.errors)),
      30_000,
      'every subscriber to get its replay',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const s of subscribers) {
      for (const r of s.results) assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      const from = (s.after ?? 0) + 1;
      assert.deepEqual(
        s.results.map((r) => r.data?.sagaProgress.orderSequence),
        Array.from({ length: 13 - from }, (_, i) => from + i),
      );
      for (const r of s.results) assert.equal(r.data?.sagaProgress.order.restaurant.name, 'Ajanta');
    }
    assert.equal(await upstreams(), 1, 'one upstream stream for 50 subscribers of one order');
  } finally {
    await Promise.all(subscribers.map((s) => s.iterator.return?.()));
    await Promise.all(subscribers.map((s) => s.running.catch(() => {})));
  }
  await eventually(async () => (await upstreams()) === 0, 10_000, 'the last subscriber to close the upstream');
  await Promise.all(clients.map((c) => c.dispose()));
});

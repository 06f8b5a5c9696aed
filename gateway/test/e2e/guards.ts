import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import { difference, eventually, sleep, subgraphFetchesFromMetrics } from './client.js';
import { JOURNEY_TIMEOUT, type JourneyContext } from './context.js';
import { CREATE_ORDER } from './operations.js';
import type { Order } from './types.js';
import { history, newWorld, placeDemoOrder, placeOrder, sagasEnded } from './world.js';

/** The N+1 guard's documents: 50 orders, each with fields of five more subgraphs. */
const DEEP_ORDER = 'order { id state consumer { name } restaurant { name } ticket { state } delivery { status } }';
export const CONSUMER_ORDERS_DEEP = `query ConsumerOrdersDeep($id: ID!) {
  consumer(id: $id) { orders(first: 50) { edges { node { ${DEEP_ORDER} } } } }
}`;
export const ORDER_HISTORY_DEEP = `query OrderHistoryDeep($consumerId: ID!) {
  orderHistory(consumerId: $consumerId, first: 50) { edges { node { orderId ${DEEP_ORDER} } } }
}`;

interface DeepOrder {
  id: string;
  state: string;
  consumer: { name: string } | null;
  restaurant: { name: string };
  ticket: { state: string } | null;
  delivery: { status: string } | null;
}

/** One plan level per entity hop: consumer → order-history → order → {consumer, restaurant, kitchen, delivery}. */
const MAX_FETCHES = 8;

/**
 * Runs one operation and counts the subgraph fetches it caused: from the gateway's `/metrics`
 * (any topology), and from the stack's own count at the subgraphs when it has one; both must agree.
 */
async function countFetches<T>(t: TestContext, ctx: JourneyContext, run: () => Promise<T>): Promise<{ result: T; fetches: Record<string, number> }> {
  const metricsBefore = await subgraphFetchesFromMetrics(ctx.stack.url);
  const localBefore = ctx.stack.subgraphFetches?.();
  const result = await run();
  const fetches = difference(metricsBefore, await subgraphFetchesFromMetrics(ctx.stack.url));
  if (localBefore && ctx.stack.subgraphFetches) {
    assert.deepEqual(difference(localBefore, ctx.stack.subgraphFetches()), fetches, 'the subgraphs executed what the gateway fetched');
  }
  t.diagnostic(`subgraph fetches: ${JSON.stringify(fetches)}`);
  return { result, fetches };
}

function assertBatched(fetches: Record<string, number>): void {
  const total = Object.values(fetches).reduce((sum, n) => sum + n, 0);
  assert.ok(total <= MAX_FETCHES, `at most ${MAX_FETCHES} subgraph fetches for 50 orders, not one per order: ${JSON.stringify(fetches)}`);
  for (const [subgraph, count] of Object.entries(fetches)) assert.ok(count <= 2, `${subgraph} fetched ${count} times: ${JSON.stringify(fetches)}`);
  for (const subgraph of ['consumer', 'order-history', 'order', 'restaurant', 'kitchen', 'delivery'])
    assert.ok(fetches[subgraph] >= 1, `${subgraph} took part`);
}

export function registerGuards(get: () => JourneyContext): void {
  describe('guards', () => {
    it('idempotency: one Idempotency-Key sent three times at once places one order; another request with it is CONFLICT', {
      timeout: JOURNEY_TIMEOUT,
    }, async () => {
      const { client } = get();
      const world = await newWorld(client);
      // An order first, so the replicas know the restaurant and the consumer: the keyed requests must not race them.
      const warmUp = await placeDemoOrder(world);
      const input = {
        consumerId: world.consumerId,
        restaurantId: world.restaurant.id,
        lineItems: [{ menuItemId: 'item2', quantity: 1 }],
        deliverToAddressId: 'Home',
      };
      const headers = { 'Idempotency-Key': randomUUID() };
      const answers = await Promise.all([1, 2, 3].map(() => client.request<{ createOrder: Order }>(CREATE_ORDER, { input }, headers)));
      for (const answer of answers) assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      const ids = new Set(answers.map((a) => a.data?.createOrder.id));
      assert.equal(ids.size, 1, `one order: ${[...ids].join(', ')}`);
      assert.deepEqual(
        answers.map((a) => a.raw),
        [answers[0].raw, answers[0].raw, answers[0].raw],
        'identical responses',
      );
      const [orderId] = ids as Set<string>;
      assert.equal(answers[0].data?.createOrder.state, 'APPROVAL_PENDING');
      // A later repeat still gets the first response.
      const again = await placeOrder(client, input, headers);
      assert.equal(again.id, orderId);
      assert.equal(again.state, 'APPROVAL_PENDING', 'the stored response, not the order as it is now');

      await client.fails(
        CREATE_ORDER,
        { input: { ...input, lineItems: [{ menuItemId: 'item2', quantity: 2 }] } },
        'CONFLICT',
        'idempotency key was used with a different request',
        headers,
      );

      const ended = await sagasEnded(client, orderId);
      assert.equal(ended.state, 'APPROVED');
      assert.equal(ended.sagas.length, 1, 'one saga');
      await sagasEnded(client, warmUp.id);
      const expected = [orderId, warmUp.id].sort();
      await eventually(async () => (await history(client, world.consumerId)).edges.length >= 2, 'both orders in the history');
      await sleep(300);
      const listed = (await history(client, world.consumerId)).edges.map((e) => e.node.orderId).sort();
      assert.deepEqual(listed, expected, 'exactly one order for the key in the consumer history');
    });

    it('N+1: 50 orders of one consumer with five subgraphs each take a handful of subgraph fetches', { timeout: 90_000 }, async (t) => {
      const ctx = get();
      const { client } = ctx;
      const world = await newWorld(client);
      const placed = [await placeDemoOrder(world)];
      while (placed.length < 50) {
        const size = Math.min(7, 50 - placed.length);
        placed.push(...(await Promise.all(Array.from({ length: size }, () => placeDemoOrder(world)))));
      }
      const ids = new Set(placed.map((o) => o.id));
      assert.equal(ids.size, 50);
      // Wait for the sagas and the projection, so every order has a ticket and a delivery to resolve.
      await eventually(
        async () => {
          const page = await history(client, world.consumerId, { states: ['APPROVED'] }, 50);
          return page.edges.length === 50;
        },
        '50 approved orders in the history',
        60_000,
        250,
      );

      const consumerWay = await countFetches(t, ctx, () =>
        client.data<{ consumer: { orders: { edges: { node: { order: DeepOrder } }[] } } }>(CONSUMER_ORDERS_DEEP, { id: world.consumerId }),
      );
      const orders = consumerWay.result.consumer.orders.edges.map((e) => e.node.order);
      assert.equal(orders.length, 50);
      assert.deepEqual(new Set(orders.map((o) => o.id)), ids);
      for (const order of orders) {
        assert.deepEqual(
          { ...order, id: undefined },
          {
            id: undefined,
            state: 'APPROVED',
            consumer: { name: 'Able Anders' },
            restaurant: { name: 'Ajanta' },
            ticket: { state: 'AWAITING_ACCEPTANCE' },
            delivery: { status: 'PENDING' },
          },
        );
      }
      assertBatched(consumerWay.fetches);

      const historyWay = await countFetches(t, ctx, () =>
        client.data<{ orderHistory: { edges: { node: { orderId: string; order: DeepOrder } }[] } }>(ORDER_HISTORY_DEEP, { consumerId: world.consumerId }),
      );
      assert.equal(historyWay.result.orderHistory.edges.length, 50);
      assert.ok(historyWay.result.orderHistory.edges.every((e) => e.node.order.id === e.node.orderId && e.node.order.ticket?.state === 'AWAITING_ACCEPTANCE'));
      assertBatched(historyWay.fetches);
    });
  });
}

import 'reflect-metadata';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { FormattedExecutionResult } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { GraphQLClient, sleep } from './e2e/client.js';
import { CANCEL_ORDER, DISABLE_ACCOUNT, REVISE_ORDER } from './e2e/operations.js';
import { startEmbeddedStack } from './e2e/stack.js';
import { createRestaurant, DEMO_LINE_ITEMS, newConsumer, placeOrder, sagasEnded } from './e2e/world.js';

/**
 * sagaProgress under random timing (API.graphql, Subscription): on the embedded stack with local
 * messaging, eight orders run one to three sagas each (approved, compensated for a disabled account,
 * followed by cancelOrder and/or reviseOrder) while graphql-ws subscribers open at random moments,
 * some of them disconnecting part-way and reconnecting with `after:` set to an orderSequence they
 * have seen. Every stream must be consecutive from `after + 1` with no gap and no duplicate, and
 * what it delivered must equal the stored progress. The PRNG's seed is in the test name; replay a
 * failure with SUBSCRIPTIONS_SEED=<seed>.
 */

const SEED = Number(process.env.SUBSCRIPTIONS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ORDERS = 8;
const SUBSCRIBERS_PER_ORDER = 3;

/** mulberry32: small, seedable, good enough for timing. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)],
  };
}

/** What happens to an order after createOrder; `sagas` is how many sagas it ends up with. */
type Plan = 'approve' | 'reject' | 'cancel' | 'revise' | 'revise-cancel';
const SAGAS: Record<Plan, number> = { approve: 1, reject: 1, cancel: 2, revise: 2, 'revise-cancel': 3 };
const PLANS: Plan[] = ['approve', 'reject', 'cancel', 'revise', 'revise-cancel', 'approve', 'cancel', 'revise-cancel'];
const ENDS = new Set(['SAGA_COMPLETED', 'SAGA_COMPENSATED']);

interface Row {
  orderSequence: number;
  kind: string;
  step: string | null;
}

type Result = FormattedExecutionResult<{ sagaProgress: Row }>;

const PROGRESS = `subscription Progress($orderId: ID!, $after: Int) {
  sagaProgress(orderId: $orderId, after: $after) { orderSequence kind step }
}`;

const STORED = `query Stored($id: ID!) { order(id: $id) { id sagas { progress { orderSequence kind step } } } }`;

/** One subscription: what it asked for (`after`) and what it got. */
interface Leg {
  order: number;
  subscriber: number;
  after: number | undefined;
  rows: Row[];
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

it(`sagaProgress subscribers opened at random moments see every event once, in order (seed ${SEED})`, { timeout: 60_000 }, async (t) => {
  const random = prng(SEED);
  const stack = await startEmbeddedStack(t, 'local');
  const client = new GraphQLClient(stack.url);
  const wsUrl = stack.url.replace(/^http/, 'ws');
  const sockets: Client[] = [];
  t.after(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
  });

  const [restaurant, consumerId, disabledId] = await Promise.all([createRestaurant(client), newConsumer(client), newConsumer(client, 'Disabled Dora')]);
  await client.data(DISABLE_ACCOUNT, { id: disabledId });

  /** Subscribes once and collects until `done` (or `limit` rows), then closes the connection. */
  const subscribe = async (orderId: string, after: number | undefined, done: (rows: Row[]) => boolean, what: string): Promise<Row[]> => {
    const socket = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    sockets.push(socket);
    const rows: Row[] = [];
    const iterator = socket.iterate({ query: PROGRESS, variables: after === undefined ? { orderId } : { orderId, after } }) as AsyncIterableIterator<Result>;
    try {
      await withTimeout(
        (async () => {
          for await (const result of iterator) {
            assert.equal(result.errors, undefined, `${what}: ${JSON.stringify(result.errors)}`);
            rows.push(result.data!.sagaProgress);
            if (done(rows)) break;
          }
        })(),
        30_000,
        `${what} (got ${rows.map((r) => r.orderSequence).join(',')})`,
      );
    } finally {
      await iterator.return?.();
      await socket.dispose();
    }
    return rows;
  };

  /**
   * One subscriber: opens at a random moment; some subscribe once and stay until the order's last
   * saga ended, others leave after a few events and come back with `after` = one orderSequence they saw.
   */
  const subscriber = async (order: number, index: number, orderId: string, sagas: number): Promise<Leg[]> => {
    await sleep(random.int(0, 1_500));
    const ends = new Set<number>();
    const enough = (rows: Row[]) => {
      const last = rows.at(-1)!;
      if (ENDS.has(last.kind)) ends.add(last.orderSequence);
      return ends.size >= sagas;
    };
    const what = (after: number | undefined) => `order ${order} (${orderId}) subscriber ${index}${after === undefined ? '' : ` after ${after}`}`;
    if (random.next() < 0.5) return [{ order, subscriber: index, after: undefined, rows: await subscribe(orderId, undefined, enough, what(undefined)) }];

    // A client that drops: at most 10 events (every saga here has 12), so it always comes back.
    const leave = random.int(1, 10);
    const first = await subscribe(orderId, undefined, (rows) => enough(rows) || rows.length >= leave, what(undefined));
    const legs: Leg[] = [{ order, subscriber: index, after: undefined, rows: first }];
    if (ends.size >= sagas) return legs;
    await sleep(random.int(0, 1_500));
    const after = random.pick(first.map((r) => r.orderSequence));
    legs.push({ order, subscriber: index, after, rows: await subscribe(orderId, after, enough, what(after)) });
    return legs;
  };

  /** One order: placed at a random moment, then its follow-up mutations; its subscribers alongside. */
  const run = async (order: number, plan: Plan): Promise<{ orderId: string; legs: Leg[] }> => {
    await sleep(random.int(0, 1_500));
    const placed = await placeOrder(client, {
      consumerId: plan === 'reject' ? disabledId : consumerId,
      restaurantId: restaurant.id,
      lineItems: DEMO_LINE_ITEMS,
      deliverToAddressId: 'Home',
    });
    const subscribers = Array.from({ length: SUBSCRIBERS_PER_ORDER }, (_, i) => subscriber(order, i, placed.id, SAGAS[plan]));
    const follow = async () => {
      const steps = plan === 'cancel' ? ['cancel'] : plan === 'revise' ? ['revise'] : plan === 'revise-cancel' ? ['revise', 'cancel'] : [];
      const ended = await sagasEnded(client, placed.id, 1);
      assert.equal(ended.state, plan === 'reject' ? 'REJECTED' : 'APPROVED', `order ${order} (${plan}) after CreateOrder`);
      for (const [i, step] of steps.entries()) {
        await sleep(random.int(0, 500));
        if (step === 'cancel') await client.data(CANCEL_ORDER, { id: placed.id });
        else await client.data(REVISE_ORDER, { id: placed.id, lineItems: [{ menuItemId: 'item1', quantity: random.pick([1, 3]) }] });
        await sagasEnded(client, placed.id, i + 2);
      }
    };
    const [legs] = await Promise.all([Promise.all(subscribers), follow()]);
    return { orderId: placed.id, legs: legs.flat() };
  };

  const started = Date.now();
  const orders = await Promise.all(PLANS.slice(0, ORDERS).map((plan, i) => run(i, plan)));
  t.diagnostic(`seed ${SEED}: ${orders.reduce((n, o) => n + o.legs.length, 0)} subscriptions over ${ORDERS} orders in ${Date.now() - started} ms`);

  for (const [i, { orderId, legs }] of orders.entries()) {
    const plan = PLANS[i];
    const { order } = await client.data<{ order: { sagas: { progress: Row[] }[] } }>(STORED, { id: orderId });
    assert.equal(order.sagas.length, SAGAS[plan], `order ${i} (${plan}): sagas`);
    const stored = order.sagas.flatMap((s) => s.progress).sort((a, b) => a.orderSequence - b.orderSequence);
    assert.deepEqual(
      stored.map((r) => r.orderSequence),
      stored.map((_, k) => k + 1),
      `order ${i} (${plan}): stored orderSequence is 1..n`,
    );
    for (const leg of legs) {
      const what = `seed ${SEED}, order ${i} (${plan}, ${orderId}) subscriber ${leg.subscriber}${leg.after === undefined ? '' : ` after ${leg.after}`}`;
      const from = (leg.after ?? 0) + 1;
      assert.deepEqual(
        leg.rows.map((r) => r.orderSequence),
        leg.rows.map((_, k) => from + k),
        `${what}: consecutive from ${from}`,
      );
      assert.deepEqual(leg.rows, stored.slice(from - 1, from - 1 + leg.rows.length), `${what}: rows equal the stored progress`);
    }
    // Whoever stayed to the end got everything after its `after`.
    const complete = legs.filter((l) => l.rows.at(-1)?.orderSequence === stored.length);
    assert.ok(complete.length >= SUBSCRIBERS_PER_ORDER, `order ${i}: every subscriber stayed until the last saga ended`);
    for (const leg of complete) assert.deepEqual(leg.rows, stored.slice(leg.after ?? 0), `order ${i} subscriber ${leg.subscriber}: up to the end`);
  }
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, type GraphQLClient, sleep, UnexpectedErrors } from './client.js';
import {
  ADD_ADDRESS,
  CONSUMER,
  CREATE_ORDER,
  CREATE_RESTAURANT,
  ORDER,
  ORDER_EVERYWHERE,
  ORDER_HISTORY,
  REGISTER_CONSUMER,
  SET_COURIER_AVAILABILITY,
} from './operations.js';
import type { AddressInput, Connection, Consumer, Courier, HistoryEntry, HistoryFilter, Order, OrderEverywhere, Restaurant } from './types.js';

/** DOMAIN §6, the demo data. */
export const AJANTA = {
  name: 'Ajanta',
  address: { street1: '1 Main Street', city: 'Oakland', state: 'CA', zip: '94611' },
  menu: [
    { id: 'item1', name: 'Chicken Vindaloo', price: 1299 },
    { id: 'item2', name: 'Chicken Tikka Masala', price: 1499 },
    { id: 'item3', name: 'Garlic Naan', price: 399 },
  ],
};
export const AJANTA_ADDRESS = { ...AJANTA.address, street2: null };
export const HOME: AddressInput = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };
export const DEMO_LINE_ITEMS = [
  { menuItemId: 'item1', quantity: 2 },
  { menuItemId: 'item3', quantity: 1 },
];
export const DEMO_TOTAL = 2997;

/** A journey's own data: a restaurant, a consumer with a Home address and an account. */
export interface World {
  client: GraphQLClient;
  restaurant: Restaurant;
  consumerId: string;
}

export async function createRestaurant(
  client: GraphQLClient,
  input: { name: string; address: AddressInput; menu: { id: string; name: string; price: number }[] } = AJANTA,
) {
  return (await client.data<{ createRestaurant: Restaurant }>(CREATE_RESTAURANT, { input })).createRestaurant;
}

/** registerConsumer + addConsumerAddress Home, then waits for accounting to open the account. */
export async function newConsumer(client: GraphQLClient, name = 'Able Anders'): Promise<string> {
  const { registerConsumer } = await client.data<{ registerConsumer: Consumer }>(REGISTER_CONSUMER, { name });
  await client.data(ADD_ADDRESS, { consumerId: registerConsumer.id, addressId: 'Home', address: HOME });
  await eventually(async () => (await client.data<{ consumer: Consumer | null }>(CONSUMER, { id: registerConsumer.id })).consumer?.account, 'the account');
  return registerConsumer.id;
}

export async function newWorld(client: GraphQLClient): Promise<World> {
  const [restaurant, consumerId] = await Promise.all([createRestaurant(client), newConsumer(client)]);
  return { client, restaurant, consumerId };
}

/** A courier of its own, available; `done()` makes it unavailable, so later journeys' tickets never go to it. */
export async function newCourier(client: GraphQLClient): Promise<{ id: string; courier: Courier; done: () => Promise<void> }> {
  const id = `courier-${randomUUID()}`;
  const { setCourierAvailability } = await client.data<{ setCourierAvailability: Courier }>(SET_COURIER_AVAILABILITY, { id, available: true });
  return { id, courier: setCourierAvailability, done: async () => void (await client.data(SET_COURIER_AVAILABILITY, { id, available: false })) };
}

/** Replicas lag a little: right after createRestaurant/registerConsumer these answer NOT_FOUND, and clients retry (DOMAIN §1.4). */
const REPLICA_LAG = /^(restaurant not found|consumer not found|an address with that identifier does not exist)$/;

export interface OrderInput {
  consumerId: string;
  restaurantId: string;
  lineItems: { menuItemId: string; quantity: number }[];
  deliverToAddressId?: string;
  deliverTo?: AddressInput;
  deliverAt?: string;
}

/** createOrder as a client does it: retried (for up to 20 s) while the order service's replicas catch up. */
export async function placeOrder(client: GraphQLClient, input: OrderInput, headers: Record<string, string> = {}): Promise<Order> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await client.request<{ createOrder: Order }>(CREATE_ORDER, { input }, headers);
    const [error] = answer.errors ?? [];
    if (!error) return answer.data!.createOrder;
    const lagging = error.extensions?.code === 'NOT_FOUND' && REPLICA_LAG.test(error.message);
    if (!lagging || Date.now() > deadline) throw new UnexpectedErrors(answer.errors!, CREATE_ORDER);
    await sleep(100);
  }
}

/**
 * A mutation retried while it fails with `retryable` (a message of an effect that has not reached
 * the service yet, e.g. `ticket is not ready for pickup` before TicketReadyForPickup arrives).
 */
export async function mutateRetrying<T>(
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
  retryable: RegExp,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await client.request<T>(query, variables);
    const [error] = answer.errors ?? [];
    if (!error) return answer.data!;
    if (!retryable.test(error.message) || Date.now() > deadline) throw new UnexpectedErrors(answer.errors!, query);
    await sleep(100);
  }
}

/** The demo order (item1 × 2 + item3 × 1 to Home) of this world. */
export function placeDemoOrder(world: World, lineItems = DEMO_LINE_ITEMS): Promise<Order> {
  return placeOrder(world.client, { consumerId: world.consumerId, restaurantId: world.restaurant.id, lineItems, deliverToAddressId: 'Home' });
}

export async function order(client: GraphQLClient, id: string): Promise<Order & { sagas: NonNullable<Order['sagas']> }> {
  const { order } = await client.data<{ order: Order | null }>(ORDER, { id });
  assert.ok(order, `order ${id} exists`);
  return order as Order & { sagas: NonNullable<Order['sagas']> };
}

export async function orderEverywhere(client: GraphQLClient, id: string): Promise<OrderEverywhere> {
  const { order } = await client.data<{ order: OrderEverywhere | null }>(ORDER_EVERYWHERE, { id });
  assert.ok(order, `order ${id} exists`);
  return order;
}

/** Waits until the order has `count` sagas and all of them have ended; returns the order. */
export async function sagasEnded(client: GraphQLClient, id: string, count = 1) {
  await eventually(async () => {
    const current = await order(client, id);
    return current.sagas.length >= count && current.sagas.every((s) => s.endedAt !== null);
  }, `saga ${count} of order ${id} to end`);
  // Read again: within one read `order` resolves before `sagas`, so the order of that read may predate the saga's last step.
  return order(client, id);
}

/** The order placed and its CreateOrder saga ended in APPROVED. */
export async function approvedOrder(world: World, lineItems = DEMO_LINE_ITEMS) {
  const placed = await placeDemoOrder(world, lineItems);
  const ended = await sagasEnded(world.client, placed.id);
  assert.equal(ended.state, 'APPROVED', `order ${placed.id}: ${ended.rejectionReason ?? ''} ${JSON.stringify(ended.sagas[0]?.progress.at(-1))}`);
  return ended;
}

export async function history(client: GraphQLClient, consumerId: string, filter?: HistoryFilter, first?: number, after?: string) {
  return (await client.data<{ orderHistory: Connection<HistoryEntry> }>(ORDER_HISTORY, { consumerId, filter, first, after })).orderHistory;
}

/** Waits until the history projection agrees: every listed order in the given state. */
export async function historyShows(client: GraphQLClient, consumerId: string, states: Record<string, string>) {
  return eventually(
    async () => {
      const page = await history(client, consumerId, undefined, 50);
      const seen = new Map(page.edges.map((e) => [e.node.orderId, e.node]));
      return Object.entries(states).every(([id, state]) => seen.get(id)?.state === state) ? page : null;
    },
    `the history of ${consumerId} to show ${JSON.stringify(states)}`,
  );
}

/** Progress rows as DOMAIN §3.5 writes them: `sequence kind step (participant) reason`. */
export function progressLines(rows: { sequence: number; kind: string; step: string | null; participant: string | null; reason: string | null }[]): string[] {
  return rows.map((r) => [r.sequence, r.kind, r.step && `${r.step} (${r.participant})`, r.reason].filter(Boolean).join(' '));
}

/** DOMAIN §3.5: the twelve rows of a happy saga over its five steps. */
export function happyProgress(steps: [string, string][]): string[] {
  const lines = ['1 SAGA_STARTED'];
  let sequence = 2;
  for (const [step, participant] of steps) {
    lines.push(`${sequence++} STEP_STARTED ${step} (${participant})`, `${sequence++} STEP_SUCCEEDED ${step} (${participant})`);
  }
  lines.push(`${sequence} SAGA_COMPLETED`);
  return lines;
}

export const CREATE_ORDER_STEPS: [string, string][] = [
  ['validateConsumer', 'consumer'],
  ['createTicket', 'kitchen'],
  ['authorizeCard', 'accounting'],
  ['confirmTicket', 'kitchen'],
  ['approveOrder', 'order'],
];
export const CANCEL_ORDER_STEPS: [string, string][] = [
  ['beginCancelOrder', 'order'],
  ['beginCancelTicket', 'kitchen'],
  ['reverseAuthorization', 'accounting'],
  ['confirmCancelTicket', 'kitchen'],
  ['confirmCancelOrder', 'order'],
];
export const REVISE_ORDER_STEPS: [string, string][] = [
  ['beginReviseOrder', 'order'],
  ['beginReviseTicket', 'kitchen'],
  ['reviseAuthorization', 'accounting'],
  ['confirmReviseTicket', 'kitchen'],
  ['confirmReviseOrder', 'order'],
];

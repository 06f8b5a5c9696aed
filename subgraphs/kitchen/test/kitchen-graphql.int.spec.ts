import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fastRetryPolicy } from '@ftgo/infra';
import { printSubgraphSchema, subgraphContext } from '@ftgo/infra/graphql';
import { type GraphQLSchema, graphql } from 'graphql';
import { type KitchenApplication, kitchenSchema, type TicketView } from '../src/index.js';
import { KitchenHarness, ORDERED_LINES } from './support/kitchen-harness.js';

type Json = Record<string, unknown>;
interface Result {
  data?: Json | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Json }[];
}

/** The application with every batched query counted, to prove one call per request, not one per entity. */
function counted(app: KitchenApplication) {
  const calls = { ticketsByIds: [] as string[][], ticketsByOrders: [] as string[][], ticketsByRestaurants: [] as { ids: string[]; state: unknown }[] };
  const queries: KitchenApplication['queries'] = {
    ...app.queries,
    ticketsByIds: (ids) => {
      calls.ticketsByIds.push([...ids]);
      return app.queries.ticketsByIds(ids);
    },
    ticketsByOrders: (ids) => {
      calls.ticketsByOrders.push([...ids]);
      return app.queries.ticketsByOrders(ids);
    },
    ticketsByRestaurants: (input) => {
      calls.ticketsByRestaurants.push({ ids: [...input.restaurantIds], state: input.state });
      return app.queries.ticketsByRestaurants(input);
    },
  };
  return { app: { ...app, queries }, calls };
}

const TICKET_FIELDS = `id state order { id } restaurant { id } lineItems { menuItemId name quantity } readyBy acceptedAt preparingAt readyForPickupAt pickedUpAt`;

/** The API shape of a ticket view (GraphQL answers in plain JSON). */
const asTicket = (view: TicketView): Json => ({
  id: view.id,
  state: view.state,
  order: { id: view.orderId },
  restaurant: { id: view.restaurantId },
  lineItems: view.lineItems,
  readyBy: view.readyBy,
  acceptedAt: view.acceptedAt,
  preparingAt: view.preparingAt,
  readyForPickupAt: view.readyForPickupAt,
  pickedUpAt: view.pickedUpAt,
});

const inMinutes = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

describe('kitchen subgraph (GraphQL)', () => {
  let k: KitchenHarness;
  let schema: GraphQLSchema;
  let calls: ReturnType<typeof counted>['calls'];
  let restaurantId: string;

  /** Runs one operation as the gateway would, headers as forwarded; the result as plain JSON. */
  async function run(source: string, variableValues?: Json, headers: Record<string, string> = {}): Promise<Result> {
    const result = await graphql({ schema, source, variableValues, contextValue: subgraphContext(headers) });
    return JSON.parse(JSON.stringify(result)) as Result;
  }

  function expectError(result: Result, code: string, message: string): void {
    assert.equal(result.errors?.length, 1, JSON.stringify(result));
    assert.equal(result.errors[0].message, message);
    assert.equal(result.errors[0].extensions?.code, code);
    assert.equal(result.data, null);
  }

  before(async () => {
    k = await KitchenHarness.start('local', fastRetryPolicy(5, 100));
    const wrapped = counted(k.app);
    calls = wrapped.calls;
    schema = await kitchenSchema(wrapped.app);
    restaurantId = await k.restaurant();
  });
  after(() => k.close());

  test('prints a Federation 2 subgraph with Ticket, Order and Restaurant as entities', () => {
    const sdl = printSubgraphSchema(schema).replace(/\s+/g, ' ');
    assert.match(sdl, /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    assert.match(sdl, /type Ticket @key\(fields: "id"\) \{/);
    assert.match(sdl, /type Order @key\(fields: "id"\) \{ id: ID! """[^"]*""" ticket: Ticket \}/);
    assert.match(sdl, /type Restaurant @key\(fields: "id"\) \{ id: ID! """[^"]*""" tickets\(state: TicketState\): \[Ticket!\]! \}/);
    for (const field of [
      'state: TicketState!',
      'order: Order!',
      'restaurant: Restaurant!',
      'lineItems: [TicketLineItem!]!',
      'readyBy: DateTime',
      'pickedUpAt: DateTime',
    ]) {
      assert.ok(sdl.includes(field), field);
    }
    assert.match(sdl, /type Query \{ ticket\(id: ID!\): Ticket \}/);
    assert.match(sdl, /acceptTicket\((?=[^)]*id: ID!)(?=[^)]*readyBy: DateTime!)[^)]*\): Ticket!/);
    assert.match(sdl, /startPreparingTicket\(id: ID!\): Ticket!/);
    assert.match(sdl, /markTicketReadyForPickup\(id: ID!\): Ticket!/);
    assert.match(
      sdl,
      /enum TicketState \{ CREATE_PENDING AWAITING_ACCEPTANCE ACCEPTED PREPARING READY_FOR_PICKUP PICKED_UP CANCEL_PENDING CANCELLED REVISION_PENDING \}/,
    );
  });

  test('ticket(id): the ticket with its order and restaurant as references; null for unknown or malformed ids', async () => {
    const { ticketId, orderId } = await k.ticket(restaurantId);
    const result = await run(`query($id: ID!) { ticket(id: $id) { ${TICKET_FIELDS} } }`, { id: ticketId });
    assert.deepStrictEqual(result, {
      data: {
        ticket: {
          id: ticketId,
          state: 'AWAITING_ACCEPTANCE',
          order: { id: orderId },
          restaurant: { id: restaurantId },
          lineItems: ORDERED_LINES,
          readyBy: null,
          acceptedAt: null,
          preparingAt: null,
          readyForPickupAt: null,
          pickedUpAt: null,
        },
      },
    });
    for (const id of [randomUUID(), 'not-a-uuid', '']) {
      assert.deepStrictEqual(await run('query($id: ID!) { ticket(id: $id) { id } }', { id }), { data: { ticket: null } }, id);
    }
  });

  test('acceptTicket, startPreparingTicket, markTicketReadyForPickup return the ticket after each command', async () => {
    const { ticketId } = await k.ticket(restaurantId);
    const readyBy = inMinutes(20);
    let from = Date.now();
    const accepted = await run(`mutation($id: ID!, $readyBy: DateTime!) { acceptTicket(id: $id, readyBy: $readyBy) { ${TICKET_FIELDS} } }`, {
      id: ticketId,
      readyBy,
    });
    const acceptedView = await k.app.queries.ticket(ticketId);
    assert.ok(acceptedView);
    assert.deepStrictEqual(accepted, { data: { acceptTicket: asTicket(acceptedView) } });
    assert.equal(acceptedView.state, 'ACCEPTED');
    assert.equal(acceptedView.readyBy, readyBy);
    assert.ok(Date.parse(acceptedView.acceptedAt ?? '') >= from - 1);

    // A DateTime with an offset is the same instant, stored and shown in UTC with milliseconds.
    const other = await k.ticket(restaurantId);
    const offset = await run('mutation($id: ID!, $readyBy: DateTime!) { acceptTicket(id: $id, readyBy: $readyBy) { readyBy } }', {
      id: other.ticketId,
      readyBy: '2040-06-01T12:30:00+02:00',
    });
    assert.deepStrictEqual(offset, { data: { acceptTicket: { readyBy: '2040-06-01T10:30:00.000Z' } } });

    from = Date.now();
    const preparing = await run(`mutation($id: ID!) { startPreparingTicket(id: $id) { ${TICKET_FIELDS} } }`, { id: ticketId });
    const preparingView = await k.app.queries.ticket(ticketId);
    assert.ok(preparingView);
    assert.deepStrictEqual(preparing, { data: { startPreparingTicket: asTicket(preparingView) } });
    assert.equal(preparingView.state, 'PREPARING');
    assert.ok(Date.parse(preparingView.preparingAt ?? '') >= from - 1);

    const ready = await run(`mutation($id: ID!) { markTicketReadyForPickup(id: $id) { ${TICKET_FIELDS} } }`, { id: ticketId });
    const readyView = await k.app.queries.ticket(ticketId);
    assert.ok(readyView);
    assert.deepStrictEqual(ready, { data: { markTicketReadyForPickup: asTicket(readyView) } });
    assert.equal(readyView.state, 'READY_FOR_PICKUP');
    assert.ok(readyView.readyForPickupAt);
  });

  test('refused commands answer with the contract code and the exact DOMAIN message, and change nothing', async () => {
    const { ticketId } = await k.ticket(restaurantId);
    const before = await k.footprint();
    const accept = 'mutation($id: ID!, $readyBy: DateTime!) { acceptTicket(id: $id, readyBy: $readyBy) { id } }';
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expectError(await run(accept, { id, readyBy: inMinutes(20) }), 'NOT_FOUND', 'ticket not found');
      expectError(await run('mutation($id: ID!) { startPreparingTicket(id: $id) { id } }', { id }), 'NOT_FOUND', 'ticket not found');
      expectError(await run('mutation($id: ID!) { markTicketReadyForPickup(id: $id) { id } }', { id }), 'NOT_FOUND', 'ticket not found');
    }
    // AWAITING_ACCEPTANCE: neither preparing nor ready is allowed yet.
    expectError(
      await run('mutation($id: ID!) { startPreparingTicket(id: $id) { id } }', { id: ticketId }),
      'FAILED_PRECONDITION',
      'ticket state does not allow action',
    );
    expectError(
      await run('mutation($id: ID!) { markTicketReadyForPickup(id: $id) { id } }', { id: ticketId }),
      'FAILED_PRECONDITION',
      'ticket state does not allow action',
    );
    // A readyBy that is no DateTime never reaches the application.
    const invalid = await run(accept, { id: ticketId, readyBy: 'tomorrow-ish' });
    assert.equal(invalid.errors?.length, 1);
    assert.match(invalid.errors[0].message, /readyBy/);
    assert.deepStrictEqual(await k.footprint(), before);
    assert.equal((await k.app.queries.ticket(ticketId))?.state, 'AWAITING_ACCEPTANCE');
  });

  test('a mutation repeated with the same idempotency-key has one effect and gets the first response', async () => {
    const { ticketId } = await k.ticket(restaurantId);
    const key = randomUUID();
    const readyBy = inMinutes(30);
    const accept = `mutation($id: ID!, $readyBy: DateTime!) { acceptTicket(id: $id, readyBy: $readyBy) { ${TICKET_FIELDS} } }`;
    const first = await run(accept, { id: ticketId, readyBy }, { 'idempotency-key': key });
    assert.equal(first.errors, undefined);
    const again = await run(accept, { id: ticketId, readyBy }, { 'idempotency-key': key });
    assert.deepStrictEqual(again, first);
    const accepts = (await k.ticketMessages(ticketId)).filter((m) => m.type === 'kitchen.TicketAccepted');
    assert.equal(accepts.length, 1);
    // Without the key, the repeat is a second command, which the ticket's state refuses.
    expectError(await run(accept, { id: ticketId, readyBy }), 'FAILED_PRECONDITION', 'ticket state does not allow action');
    // The same key with another request is a conflict.
    const conflict = await run(accept, { id: ticketId, readyBy: inMinutes(45) }, { 'idempotency-key': key });
    assert.equal(conflict.errors?.[0].extensions?.code, 'CONFLICT');
  });

  test('_entities: 50 Ticket representations make one batched application call', async () => {
    const made = await Promise.all([k.ticket(restaurantId), k.ticket(restaurantId), k.ticket(restaurantId)]);
    const ids = Array.from({ length: 50 }, (_, i) => (i < made.length ? made[i].ticketId : i % 5 === 0 ? `bad-${i}` : randomUUID()));
    calls.ticketsByIds.length = 0;
    const result = await run('query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id state order { id } } } }', {
      r: ids.map((id) => ({ __typename: 'Ticket', id })),
    });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(calls.ticketsByIds.length, 1);
    assert.deepStrictEqual(calls.ticketsByIds[0], ids);
    assert.deepStrictEqual(
      result.data?._entities,
      ids.map((id, i) => (i < made.length ? { id, state: 'AWAITING_ACCEPTANCE', order: { id: made[i].orderId } } : null)),
    );
  });

  test('_entities: Order.ticket for 50 orders is one batched call (null until the kitchen has the ticket)', async () => {
    const made = await Promise.all([k.ticket(restaurantId), k.ticket(restaurantId, { confirm: false })]);
    const orderIds = Array.from({ length: 50 }, (_, i) => (i < made.length ? made[i].orderId : i === 49 ? 'not-a-uuid' : randomUUID()));
    calls.ticketsByOrders.length = 0;
    const result = await run('query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id ticket { id state order { id ticket { id } } } } } }', {
      r: orderIds.map((id) => ({ __typename: 'Order', id })),
    });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(calls.ticketsByOrders.length, 1, 'Order.ticket and the nested order { ticket } share one loader');
    assert.deepStrictEqual(calls.ticketsByOrders[0], orderIds);
    const states = ['AWAITING_ACCEPTANCE', 'CREATE_PENDING'];
    assert.deepStrictEqual(
      result.data?._entities,
      orderIds.map((id, i) =>
        i < made.length ? { id, ticket: { id: made[i].ticketId, state: states[i], order: { id, ticket: { id: made[i].ticketId } } } } : { id, ticket: null },
      ),
    );
  });

  test('_entities: Restaurant.tickets(state), oldest first, one batched call per state for many restaurants', async () => {
    const own = await k.restaurant();
    const first = await k.ticket(own);
    const second = await k.ticket(own);
    const third = await k.ticket(own);
    await k.app.commands.acceptTicket({ id: second.ticketId, readyBy: inMinutes(15) });
    const restaurantIds = [own, ...Array.from({ length: 48 }, () => randomUUID()), 'not-a-uuid'];
    calls.ticketsByRestaurants.length = 0;
    const result = await run(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Restaurant { id
          all: tickets { id restaurant { id } } awaiting: tickets(state: AWAITING_ACCEPTANCE) { id } accepted: tickets(state: ACCEPTED) { id state } } } }`,
      { r: restaurantIds.map((id) => ({ __typename: 'Restaurant', id })) },
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(calls.ticketsByRestaurants.length, 3, 'one call per state asked for');
    for (const call of calls.ticketsByRestaurants) assert.deepStrictEqual(call.ids, restaurantIds);
    assert.deepStrictEqual(calls.ticketsByRestaurants.map((c) => c.state ?? null).sort(), ['ACCEPTED', 'AWAITING_ACCEPTANCE', null].sort());
    const entities = result.data?._entities as Json[];
    assert.deepStrictEqual(entities[0], {
      id: own,
      all: [first, second, third].map(({ ticketId }) => ({ id: ticketId, restaurant: { id: own } })),
      awaiting: [{ id: first.ticketId }, { id: third.ticketId }],
      accepted: [{ id: second.ticketId, state: 'ACCEPTED' }],
    });
    for (const [i, entity] of entities.slice(1).entries()) assert.deepStrictEqual(entity, { id: restaurantIds[i + 1], all: [], awaiting: [], accepted: [] });
  });
});

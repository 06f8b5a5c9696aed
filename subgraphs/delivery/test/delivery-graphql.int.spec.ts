import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, type TestContext, test } from 'node:test';
import { printSubgraphSchema, subgraphContext } from '@ftgo/infra/graphql';
import { type GraphQLSchema, graphql } from 'graphql';
import { type DeliveryApplication, deliverySchema } from '../src/index.js';
import { Harness, home, inMinutes, plus30, restaurantAddressView } from './support/harness.js';

type Json = Record<string, unknown>;
interface Result {
  data?: Json | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Json }[];
}

const homeView = { ...home, street2: 'Apt 4' };

/** The application with its batched queries counted, to prove one call per request, not one per entity. */
function counted(app: DeliveryApplication) {
  const calls = { deliveriesByIds: [] as string[][], couriersByIds: [] as string[][] };
  const queries: DeliveryApplication['queries'] = {
    ...app.queries,
    deliveriesByIds: (ids) => {
      calls.deliveriesByIds.push([...ids]);
      return app.queries.deliveriesByIds(ids);
    },
    couriersByIds: (ids) => {
      calls.couriersByIds.push([...ids]);
      return app.queries.couriersByIds(ids);
    },
  };
  return { app: { ...app, queries }, calls };
}

const ADDRESS = 'street1 street2 city state zip';
const DELIVERY_FIELDS = `id order { id } status pickupAddress { ${ADDRESS} } deliveryAddress { ${ADDRESS} } readyBy pickedUpAt deliveredAt courier { id available }`;

describe('delivery subgraph (GraphQL)', () => {
  let h: Harness;
  let schema: GraphQLSchema;
  let calls: ReturnType<typeof counted>['calls'];
  let cleanup: (() => Promise<void>) | undefined;

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

  const setAvailability = (id: string, available: boolean, headers?: Record<string, string>) =>
    run(
      `mutation($id: ID!, $available: Boolean!) { setCourierAvailability(id: $id, available: $available) { id available plan { type address { ${ADDRESS} } at delivery { id status } } } }`,
      { id, available },
      headers,
    );

  /** A SCHEDULED delivery of `courierId` (the only available courier) whose food is ready: it can be picked up. */
  async function readyForPickup(): Promise<{ orderId: string; readyBy: string }> {
    const { orderId, restaurantId } = await h.pendingDelivery();
    const readyBy = inMinutes(20);
    const ticketId = await h.accept(orderId, restaurantId, readyBy);
    const ready = await h.publish('kitchen', h.ticketReadyForPickup(ticketId, orderId, new Date().toISOString()));
    await h.handled('ticket-events', ready);
    return { orderId, readyBy };
  }

  before(async () => {
    const t = { after: (fn: () => Promise<void>) => (cleanup = fn) } as unknown as TestContext;
    h = await Harness.start(t, 'local');
    const wrapped = counted(h.app);
    calls = wrapped.calls;
    schema = await deliverySchema(wrapped.app);
  });
  after(() => cleanup?.());

  test('prints a Federation 2 subgraph with Delivery and Order as entities', () => {
    const sdl = printSubgraphSchema(schema).replace(/\s+/g, ' ');
    assert.match(sdl, /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    assert.match(sdl, /type Delivery @key\(fields: "id"\) \{/);
    assert.match(sdl, /type Order @key\(fields: "id"\) \{ id: ID! """[^"]*""" delivery: Delivery \}/);
    assert.match(sdl, /type Address @shareable \{ street1: String! street2: String city: String! state: String! zip: String! \}/);
    for (const field of [
      'status: DeliveryStatus!',
      'order: Order!',
      'pickupAddress: Address!',
      'deliveryAddress: Address!',
      'readyBy: DateTime',
      'pickedUpAt: DateTime',
      'deliveredAt: DateTime',
      'courier: Courier',
      'plan: [CourierAction!]!',
      'type: CourierActionType!',
      'delivery: Delivery!',
      'at: DateTime!',
    ]) {
      assert.ok(sdl.includes(field), field);
    }
    assert.match(sdl, /type Courier \{ id: ID! available: Boolean! /);
    assert.match(sdl, /type Query \{ delivery\(id: ID!\): Delivery courier\(id: ID!\): Courier \}/);
    assert.match(sdl, /setCourierAvailability\((?=[^)]*id: ID!)(?=[^)]*available: Boolean!)[^)]*\): Courier!/);
    assert.match(sdl, /pickUpDelivery\(id: ID!\): Delivery!/);
    assert.match(sdl, /dropOffDelivery\(id: ID!\): Delivery!/);
    assert.match(sdl, /enum DeliveryStatus \{ PENDING SCHEDULED PICKED_UP DELIVERED CANCELLED \}/);
    assert.match(sdl, /enum CourierActionType \{ PICKUP DROPOFF \}/);
  });

  test('delivery(id) and courier(id): the entity, or null for unknown and malformed ids', async () => {
    const { orderId } = await h.pendingDelivery();
    assert.deepStrictEqual(await run(`query($id: ID!) { delivery(id: $id) { ${DELIVERY_FIELDS} } }`, { id: orderId }), {
      data: {
        delivery: {
          id: orderId,
          order: { id: orderId },
          status: 'PENDING',
          pickupAddress: restaurantAddressView,
          deliveryAddress: homeView,
          readyBy: null,
          pickedUpAt: null,
          deliveredAt: null,
          courier: null,
        },
      },
    });
    for (const id of [randomUUID(), 'not-a-uuid', '']) {
      assert.deepStrictEqual(await run('query($id: ID!) { delivery(id: $id) { id } }', { id }), { data: { delivery: null } }, id);
      assert.deepStrictEqual(await run('query($id: ID!) { courier(id: $id) { id } }', { id }), { data: { courier: null } }, id);
    }
  });

  test('setCourierAvailability, then the courier picks up and drops off: each mutation returns the entity after it', async () => {
    const courierId = `courier-${randomUUID()}`;
    assert.deepStrictEqual(await setAvailability(courierId, true), { data: { setCourierAvailability: { id: courierId, available: true, plan: [] } } });
    const { orderId, readyBy } = await readyForPickup();

    const courier = await run(`query($id: ID!) { courier(id: $id) { id available plan { type address { ${ADDRESS} } at delivery { id status } } } }`, {
      id: courierId,
    });
    const scheduled = { id: orderId, status: 'SCHEDULED' };
    assert.deepStrictEqual(courier, {
      data: {
        courier: {
          id: courierId,
          available: true,
          plan: [
            { type: 'PICKUP', address: restaurantAddressView, at: readyBy, delivery: scheduled },
            { type: 'DROPOFF', address: homeView, at: plus30(readyBy), delivery: scheduled },
          ],
        },
      },
    });

    const pickedUp = await run(`mutation($id: ID!) { pickUpDelivery(id: $id) { ${DELIVERY_FIELDS} } }`, { id: orderId });
    const pickedUpView = await h.app.queries.delivery(orderId);
    assert.ok(pickedUpView?.pickedUpAt);
    assert.deepStrictEqual(pickedUp, {
      data: {
        pickUpDelivery: {
          id: orderId,
          order: { id: orderId },
          status: 'PICKED_UP',
          pickupAddress: restaurantAddressView,
          deliveryAddress: homeView,
          readyBy,
          pickedUpAt: pickedUpView.pickedUpAt,
          deliveredAt: null,
          courier: { id: courierId, available: true },
        },
      },
    });

    const delivered = await run(`mutation($id: ID!) { dropOffDelivery(id: $id) { status pickedUpAt deliveredAt courier { id plan { type } } } }`, {
      id: orderId,
    });
    const deliveredView = await h.app.queries.delivery(orderId);
    assert.ok(deliveredView?.deliveredAt);
    assert.deepStrictEqual(delivered, {
      data: {
        dropOffDelivery: {
          status: 'DELIVERED',
          pickedUpAt: pickedUpView.pickedUpAt,
          deliveredAt: deliveredView.deliveredAt,
          courier: { id: courierId, plan: [] },
        },
      },
    });

    // Unavailable: the courier keeps its (now empty) plan and gets no new deliveries.
    assert.deepStrictEqual(await setAvailability(courierId, false), { data: { setCourierAvailability: { id: courierId, available: false, plan: [] } } });
  });

  test('refused commands answer with the contract code and the exact DOMAIN message, and change nothing', async () => {
    const { orderId } = await h.pendingDelivery();
    const before = await h.snapshot();
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expectError(await run('mutation($id: ID!) { pickUpDelivery(id: $id) { id } }', { id }), 'NOT_FOUND', 'delivery not found');
      expectError(await run('mutation($id: ID!) { dropOffDelivery(id: $id) { id } }', { id }), 'NOT_FOUND', 'delivery not found');
    }
    expectError(
      await run('mutation($id: ID!) { pickUpDelivery(id: $id) { id } }', { id: orderId }),
      'FAILED_PRECONDITION',
      'delivery state does not allow action',
    );
    expectError(
      await run('mutation($id: ID!) { dropOffDelivery(id: $id) { id } }', { id: orderId }),
      'FAILED_PRECONDITION',
      'delivery state does not allow action',
    );
    assert.deepStrictEqual(await h.snapshot(), before);

    // SCHEDULED, but the kitchen has not said the food is ready.
    const courierId = `courier-${randomUUID()}`;
    await setAvailability(courierId, true);
    const scheduled = await h.pendingDelivery();
    await h.accept(scheduled.orderId, scheduled.restaurantId, inMinutes(20));
    const beforePickUp = await h.snapshot();
    expectError(
      await run('mutation($id: ID!) { pickUpDelivery(id: $id) { id } }', { id: scheduled.orderId }),
      'FAILED_PRECONDITION',
      'ticket is not ready for pickup',
    );
    assert.deepStrictEqual(await h.snapshot(), beforePickUp);
    await setAvailability(courierId, false);
  });

  test('a mutation repeated with the same idempotency-key has one effect and gets the first response', async () => {
    const courierId = `courier-${randomUUID()}`;
    const key = randomUUID();
    const first = await setAvailability(courierId, true, { 'idempotency-key': key });
    assert.equal(first.errors, undefined);
    assert.deepStrictEqual(await setAvailability(courierId, true, { 'idempotency-key': key }), first);
    const conflict = await setAvailability(courierId, false, { 'idempotency-key': key });
    assert.equal(conflict.errors?.[0].extensions?.code, 'CONFLICT');

    const { orderId } = await readyForPickup();
    const pickUp = `mutation($id: ID!) { pickUpDelivery(id: $id) { ${DELIVERY_FIELDS} } }`;
    const pickUpKey = randomUUID();
    const pickedUp = await run(pickUp, { id: orderId }, { 'idempotency-key': pickUpKey });
    assert.equal(pickedUp.errors, undefined, JSON.stringify(pickedUp.errors));
    assert.deepStrictEqual(await run(pickUp, { id: orderId }, { 'idempotency-key': pickUpKey }), pickedUp);
    assert.deepStrictEqual(
      (await h.events(orderId)).map((e) => e.type),
      ['delivery.DeliveryCreated', 'delivery.DeliveryScheduled', 'delivery.DeliveryPickedUp'],
      'one DeliveryPickedUp',
    );
    // Without the key, the repeat is a second command, which the delivery's state refuses.
    expectError(await run(pickUp, { id: orderId }), 'FAILED_PRECONDITION', 'delivery state does not allow action');
    await setAvailability(courierId, false);
  });

  test('_entities: 50 Delivery representations, with their couriers, make one batched call each', async () => {
    const courierId = `courier-${randomUUID()}`;
    await setAvailability(courierId, true);
    const made = [await readyForPickup(), await h.pendingDelivery()];
    await setAvailability(courierId, false);
    const ids = Array.from({ length: 50 }, (_, i) => (i < made.length ? made[i].orderId : i % 7 === 0 ? `bad-${i}` : randomUUID()));
    calls.deliveriesByIds.length = 0;
    calls.couriersByIds.length = 0;
    const result = await run(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Delivery { id status order { id } courier { id plan { type delivery { id } } } } } }',
      { r: ids.map((id) => ({ __typename: 'Delivery', id })) },
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(calls.deliveriesByIds.length, 1, 'the representations and the plans’ deliveries share one loader');
    assert.deepStrictEqual(calls.deliveriesByIds[0], ids);
    assert.deepStrictEqual(calls.couriersByIds, [[courierId]]);
    const [first, second] = made.map((m) => m.orderId);
    assert.deepStrictEqual(
      result.data?._entities,
      ids.map((id) => {
        if (id === first) {
          const plan = [
            { type: 'PICKUP', delivery: { id } },
            { type: 'DROPOFF', delivery: { id } },
          ];
          return { id, status: 'SCHEDULED', order: { id }, courier: { id: courierId, plan } };
        }
        if (id === second) return { id, status: 'PENDING', order: { id }, courier: null };
        return null;
      }),
    );
  });

  test('_entities: Order.delivery for 50 orders is one batched call (null until the delivery exists)', async () => {
    const { orderId } = await h.pendingDelivery();
    const orderIds = [orderId, ...Array.from({ length: 48 }, () => randomUUID()), 'not-a-uuid'];
    calls.deliveriesByIds.length = 0;
    const result = await run('query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id delivery { id status order { id } } } } }', {
      r: orderIds.map((id) => ({ __typename: 'Order', id })),
    });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(calls.deliveriesByIds.length, 1);
    assert.deepStrictEqual(calls.deliveriesByIds[0], orderIds);
    assert.deepStrictEqual(
      result.data?._entities,
      orderIds.map((id) => ({ id, delivery: id === orderId ? { id, status: 'PENDING', order: { id } } : null })),
    );
  });
});

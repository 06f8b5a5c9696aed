import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { assertGapFree, Harness, home, inMinutes, plus30, rejects, restaurantAddressView } from './support/harness.js';

const homeView = { ...home, street2: 'Apt 4' };
const pickup = (deliveryId: string, at: string) => ({ type: 'PICKUP', deliveryId, address: restaurantAddressView, at });
const dropoff = (deliveryId: string, readyBy: string) => ({ type: 'DROPOFF', deliveryId, address: homeView, at: plus30(readyBy) });

describe('courier assignment (DOMAIN §4.1)', () => {
  it('TicketAccepted goes to the available courier with the fewest actions (tie: smallest id); the plan is ordered by time', async (t) => {
    const h = await Harness.start(t);
    // A new courier is created on first use with an empty plan.
    assert.deepStrictEqual(await h.app.commands.setCourierAvailability({ id: 'courier-b', available: true }), {
      id: 'courier-b',
      available: true,
      plan: [],
    });
    await h.app.commands.setCourierAvailability({ id: 'courier-a', available: true });
    await h.app.commands.setCourierAvailability({ id: 'courier-0', available: false }); // smallest id, but unavailable

    const d1 = await h.pendingDelivery();
    const d2 = await h.pendingDelivery(d1.restaurantId);
    const d3 = await h.pendingDelivery(d1.restaurantId);
    const r1 = inMinutes(30);
    const r2 = inMinutes(25);
    const r3 = inMinutes(20);

    await h.accept(d1.orderId, d1.restaurantId, r1); // a: 0, b: 0 → a (smallest id)
    await h.accept(d2.orderId, d2.restaurantId, r2); // a: 2, b: 0 → b (fewest)
    await h.accept(d3.orderId, d3.restaurantId, r3); // a: 2, b: 2 → a

    assert.equal((await h.app.queries.delivery(d1.orderId))?.courierId, 'courier-a');
    assert.equal((await h.app.queries.delivery(d2.orderId))?.courierId, 'courier-b');
    assert.equal((await h.app.queries.delivery(d3.orderId))?.courierId, 'courier-a');
    for (const { orderId } of [d1, d2, d3]) assert.equal((await h.app.queries.delivery(orderId))?.status, 'SCHEDULED');

    // Assignment leaves couriers available; the plan holds outstanding work ordered by `at`.
    assert.deepStrictEqual(await h.app.queries.courier('courier-a'), {
      id: 'courier-a',
      available: true,
      plan: [pickup(d3.orderId, r3), pickup(d1.orderId, r1), dropoff(d3.orderId, r3), dropoff(d1.orderId, r1)],
    });
    assert.deepStrictEqual(await h.app.queries.courier('courier-b'), {
      id: 'courier-b',
      available: true,
      plan: [pickup(d2.orderId, r2), dropoff(d2.orderId, r2)],
    });
    assert.deepStrictEqual(await h.app.queries.courier('courier-0'), { id: 'courier-0', available: false, plan: [] });

    const scheduled = (await h.events()).filter((e) => e.type === 'delivery.DeliveryScheduled');
    assert.deepStrictEqual(
      scheduled.map(({ aggregateId, version, payload: { occurredAt: _, ...data } }) => ({ aggregateId, version, data })),
      [
        { aggregateId: d1.orderId, version: 2, data: { deliveryId: d1.orderId, courierId: 'courier-a', readyBy: r1 } },
        { aggregateId: d2.orderId, version: 2, data: { deliveryId: d2.orderId, courierId: 'courier-b', readyBy: r2 } },
        { aggregateId: d3.orderId, version: 2, data: { deliveryId: d3.orderId, courierId: 'courier-a', readyBy: r3 } },
      ],
    );
    assertGapFree(await h.events());
  });

  it('with no courier available deliveries await one; making a courier available assigns them, oldest readyBy first', async (t) => {
    const h = await Harness.start(t);
    await h.app.commands.setCourierAvailability({ id: 'courier-z', available: false });

    const d1 = await h.pendingDelivery();
    const dA = await h.pendingDelivery(d1.restaurantId);
    const dB = await h.pendingDelivery(d1.restaurantId);
    const [first, second] = [dA, dB].sort((x, y) => (x.orderId < y.orderId ? -1 : 1)); // same readyBy: by delivery id
    const base = Date.now();
    const late = inMinutes(20, base);
    const early = inMinutes(10, base);
    await h.accept(d1.orderId, d1.restaurantId, late);
    await h.accept(second.orderId, second.restaurantId, early);
    await h.accept(first.orderId, first.restaurantId, early);

    // Awaiting: readyBy recorded, still PENDING, no courier, no event, version unchanged.
    for (const [d, readyBy] of [
      [d1, late],
      [first, early],
      [second, early],
    ] as const) {
      const view = await h.app.queries.delivery(d.orderId);
      assert.equal(view?.status, 'PENDING');
      assert.equal(view?.readyBy, readyBy);
      assert.equal(view?.courierId, null);
      assert.deepStrictEqual(
        (await h.events(d.orderId)).map((e) => e.version),
        [1],
      );
    }

    // Idempotent: a retry of the same request gets the same answer; the assignment happened once.
    const key = randomUUID();
    const courier = await h.app.commands.setCourierAvailability({ id: 'courier-z', available: true, idempotencyKey: key });
    assert.deepStrictEqual(courier, {
      id: 'courier-z',
      available: true,
      plan: [
        pickup(first.orderId, early),
        pickup(second.orderId, early),
        pickup(d1.orderId, late),
        dropoff(first.orderId, early),
        dropoff(second.orderId, early),
        dropoff(d1.orderId, late),
      ],
    });
    const assigned = await h.snapshot();
    assert.deepStrictEqual(await h.app.commands.setCourierAvailability({ id: 'courier-z', available: true, idempotencyKey: key }), courier);
    await rejects(
      h.app.commands.setCourierAvailability({ id: 'courier-z', available: false, idempotencyKey: key }),
      'CONFLICT',
      'idempotency key was used with a different request',
    );
    assert.deepStrictEqual(await h.snapshot(), assigned);

    // Assigned in the same transaction, oldest readyBy first (tie: delivery id).
    const scheduled = (await h.events()).filter((e) => e.type === 'delivery.DeliveryScheduled');
    assert.deepStrictEqual(
      scheduled.map((e) => [e.aggregateId, e.version, e.payload.courierId]),
      [
        [first.orderId, 2, 'courier-z'],
        [second.orderId, 2, 'courier-z'],
        [d1.orderId, 2, 'courier-z'],
      ],
    );
    for (const d of [d1, first, second]) assert.equal((await h.app.queries.delivery(d.orderId))?.status, 'SCHEDULED');

    // Available again while available: nothing to assign, nothing changes.
    assert.deepStrictEqual(await h.app.commands.setCourierAvailability({ id: 'courier-z', available: true }), courier);
    assert.deepStrictEqual(await h.snapshot(), assigned);

    // An unavailable courier keeps its plan and gets no new work.
    assert.deepStrictEqual(await h.app.commands.setCourierAvailability({ id: 'courier-z', available: false }), { ...courier, available: false });
    const d4 = await h.pendingDelivery(d1.restaurantId);
    const r4 = inMinutes(5);
    await h.accept(d4.orderId, d4.restaurantId, r4);
    assert.equal((await h.app.queries.delivery(d4.orderId))?.status, 'PENDING');
    assert.deepStrictEqual((await h.app.queries.courier('courier-z'))?.plan, courier.plan);

    // A new courier made available takes the awaiting delivery (it has the fewest actions).
    assert.deepStrictEqual(await h.app.commands.setCourierAvailability({ id: 'courier-y', available: true }), {
      id: 'courier-y',
      available: true,
      plan: [pickup(d4.orderId, r4), dropoff(d4.orderId, r4)],
    });
    assert.equal((await h.app.queries.delivery(d4.orderId))?.courierId, 'courier-y');
    assertGapFree(await h.events());
  });

  it('concurrent TicketAccepted and setCourierAvailability never leave a delivery awaiting beside an available courier', async (t) => {
    const h = await Harness.start(t);
    const deliveries = await Promise.all(Array.from({ length: 6 }, () => h.pendingDelivery()));
    const readyBy = inMinutes(15);
    await Promise.all([
      ...deliveries.map((d) => h.accept(d.orderId, d.restaurantId, readyBy)),
      h.app.commands.setCourierAvailability({ id: 'courier-1', available: true }),
      h.app.commands.setCourierAvailability({ id: 'courier-2', available: true }),
    ]);
    const views = await h.app.queries.deliveriesByIds(deliveries.map((d) => d.orderId));
    assert.deepStrictEqual(
      views.map((v) => v?.status),
      deliveries.map(() => 'SCHEDULED'),
    );
    // Each delivery's two actions are in the plan of the courier it names, and nowhere else.
    const plans = await Promise.all(['courier-1', 'courier-2'].map(async (id) => (await h.app.queries.courier(id))?.plan ?? []));
    for (const view of views) {
      const courierIndex = view?.courierId === 'courier-1' ? 0 : 1;
      assert.deepStrictEqual(
        plans[courierIndex].filter((a) => a.deliveryId === view?.id).map((a) => a.type),
        ['PICKUP', 'DROPOFF'],
      );
      assert.equal(plans[1 - courierIndex].filter((a) => a.deliveryId === view?.id).length, 0);
    }
    assertGapFree(await h.events());
  });
});

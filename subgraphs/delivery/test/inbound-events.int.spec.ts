import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ident } from '@ftgo/infra';
import { eventually } from '@ftgo/infra/testing';
import { type Envelope, order } from '@ftgo/schema';
import { assertGapFree, Harness, inMinutes, rejects, restaurantAddressView } from './support/harness.js';

/** The same message content under a new envelope id: not deduplicated by the inbox, only by state guards. */
const copyOf = (envelope: Envelope, payload: Partial<Record<string, unknown>> = {}): Envelope => ({
  ...envelope,
  id: randomUUID(),
  payload: { ...(envelope.payload as object), ...payload },
});

describe('inbound events (DOMAIN §1.7, §2.2)', () => {
  it('OrderCreated is retried until the restaurant replica exists, and a TicketAccepted until its delivery exists', async (t) => {
    const h = await Harness.start(t);
    await h.app.commands.setCourierAvailability({ id: 'courier-1', available: true });
    const restaurantId = randomUUID();
    const orderId = randomUUID();
    const readyBy = inMinutes(20);
    await h.publish('order', h.orderCreated(orderId, restaurantId));
    await h.publish('kitchen', h.ticketAccepted(randomUUID(), orderId, restaurantId, readyBy));

    await sleep(700); // several attempts, each a transient failure
    assert.equal(await h.app.queries.delivery(orderId), null);
    const { rows } = await h.platform.db.query(`SELECT count(*)::int AS n FROM ${ident(h.schema)}.dead_letters`);
    assert.equal(rows[0].n, 0);

    await h.publish('restaurant', h.restaurantCreated(restaurantId));
    const scheduled = await eventually(async () => {
      const view = await h.app.queries.delivery(orderId);
      return view?.status === 'SCHEDULED' ? view : null;
    });
    assert.deepStrictEqual(scheduled.pickupAddress, restaurantAddressView);
    assert.equal(scheduled.readyBy, readyBy);
    assert.equal(scheduled.courierId, 'courier-1');
    assert.deepStrictEqual(
      (await h.events(orderId)).map((e) => [e.type, e.version]),
      [
        ['delivery.DeliveryCreated', 1],
        ['delivery.DeliveryScheduled', 2],
      ],
    );
  });

  it('OrderRejected cancels a PENDING delivery; a cancelled delivery refuses pick-up and ignores further cancels', async (t) => {
    const h = await Harness.start(t);
    const { orderId } = await h.pendingDelivery();
    const rejected = await h.publish('order', h.orderRejected(orderId));
    await h.handled('order-events', rejected);

    const view = await h.app.queries.delivery(orderId);
    assert.equal(view?.status, 'CANCELLED');
    assert.equal(view?.courierId, null);
    const events = await h.events(orderId);
    assert.deepStrictEqual(
      events.map((e) => [e.type, e.version]),
      [
        ['delivery.DeliveryCreated', 1],
        ['delivery.DeliveryCancelled', 2],
      ],
    );
    const { occurredAt, ...data } = events[1].payload;
    assert.equal(typeof occurredAt, 'string');
    assert.deepStrictEqual(data, { deliveryId: orderId, orderId });

    const cancelled = await h.snapshot();
    await rejects(h.app.commands.pickUpDelivery({ id: orderId }), 'FAILED_PRECONDITION', 'delivery state does not allow action');
    await h.handled('ticket-events', await h.publish('kitchen', h.ticketCancelled(randomUUID(), orderId)));
    assert.deepStrictEqual(await h.snapshot(), cancelled);
  });

  it('TicketCancelled cancels a SCHEDULED delivery: its actions leave the plan, the courier stays on the delivery', async (t) => {
    const h = await Harness.start(t);
    await h.app.commands.setCourierAvailability({ id: 'courier-1', available: true });
    const d1 = await h.pendingDelivery();
    const d2 = await h.pendingDelivery(d1.restaurantId);
    const ticket1 = await h.accept(d1.orderId, d1.restaurantId, inMinutes(10));
    await h.accept(d2.orderId, d2.restaurantId, inMinutes(20));
    const before = await h.app.queries.courier('courier-1');
    assert.equal(before?.plan.length, 4);

    await h.handled('ticket-events', await h.publish('kitchen', h.ticketCancelled(ticket1, d1.orderId)));
    const view = await h.app.queries.delivery(d1.orderId);
    assert.equal(view?.status, 'CANCELLED');
    assert.equal(view?.courierId, 'courier-1');
    assert.deepStrictEqual(await h.app.queries.courier('courier-1'), {
      id: 'courier-1',
      available: true,
      plan: before?.plan.filter((a) => a.deliveryId === d2.orderId),
    });
    assert.deepStrictEqual(
      (await h.events(d1.orderId)).map((e) => [e.type, e.version]),
      [
        ['delivery.DeliveryCreated', 1],
        ['delivery.DeliveryScheduled', 2],
        ['delivery.DeliveryCancelled', 3],
      ],
    );
    assert.equal((await h.app.queries.delivery(d2.orderId))?.status, 'SCHEDULED');
    assertGapFree(await h.events());
  });

  it('a cancel trigger after pick-up is acknowledged and changes nothing', async (t) => {
    const h = await Harness.start(t);
    await h.app.commands.setCourierAvailability({ id: 'courier-1', available: true });
    const { orderId, restaurantId } = await h.pendingDelivery();
    const ticketId = await h.accept(orderId, restaurantId, inMinutes(10));
    await h.handled('ticket-events', await h.publish('kitchen', h.ticketReadyForPickup(ticketId, orderId, new Date().toISOString())));
    await h.app.commands.pickUpDelivery({ id: orderId });
    const pickedUp = await h.snapshot();
    await h.handled('ticket-events', await h.publish('kitchen', h.ticketCancelled(ticketId, orderId, 7)));
    await h.handled('order-events', await h.publish('order', h.orderRejected(orderId)));
    assert.deepStrictEqual(await h.snapshot(), pickedUp);
  });

  it('a duplicate of every inbound event changes nothing (inbox), nor does a copy under a new id (state guards)', async (t) => {
    const h = await Harness.start(t);
    const restaurantEvents = h.handler('restaurant-events');
    const orderEvents = h.handler('order-events');
    const ticketEvents = h.handler('ticket-events');
    const replicaVersion = async (id: string) =>
      (await h.platform.db.query(`SELECT version FROM ${ident(h.schema)}.restaurant_replicas WHERE restaurant_id = $1`, [id])).rows[0]?.version;

    /** Delivers `envelope` twice more to the very handler the service subscribed, then a copy of it under a new id. */
    const deliverAgain = async (handle: (e: Envelope) => Promise<void>, envelope: Envelope, copy: Envelope = copyOf(envelope)) => {
      const before = await h.snapshot();
      await handle(envelope);
      await handle(envelope);
      assert.deepStrictEqual(await h.snapshot(), before, `duplicate ${envelope.type}`);
      await handle(copy);
      assert.deepStrictEqual(await h.snapshot(), before, `copy of ${envelope.type}`);
    };

    // Restaurant: created (v1), revised (v2); an older version is ignored (DOMAIN §0, full state: apply when v > last).
    const restaurantId = randomUUID();
    const created = await h.publish('restaurant', h.restaurantCreated(restaurantId, 1));
    await h.handled('restaurant-events', created);
    await deliverAgain(restaurantEvents, created);
    const revised = await h.publish('restaurant', h.restaurantCreated(restaurantId, 2));
    await h.handled('restaurant-events', revised);
    assert.equal(await replicaVersion(restaurantId), 2);
    await deliverAgain(restaurantEvents, revised, copyOf(created));
    assert.equal(await replicaVersion(restaurantId), 2);

    // OrderCreated: a second one for the order is done (CONFLICT swallowed).
    const orderId = randomUUID();
    const orderCreated = await h.publish('order', h.orderCreated(orderId, restaurantId));
    await h.handled('order-events', orderCreated);
    await deliverAgain(orderEvents, orderCreated);

    // An Order event delivery does not react to.
    const approved = await h.publish(
      'order',
      h.platform
        .messages('order')
        .event(order.OrderApproved, { id: orderId, version: 2 }, { orderId, ticketId: randomUUID(), occurredAt: new Date().toISOString() }),
    );
    await h.handled('order-events', approved);
    await deliverAgain(orderEvents, approved);

    // TicketAccepted: a delivery that has seen it keeps its readyBy and courier.
    await h.app.commands.setCourierAvailability({ id: 'courier-1', available: true });
    const ticketId = randomUUID();
    const accepted = await h.publish('kitchen', h.ticketAccepted(ticketId, orderId, restaurantId, inMinutes(15)));
    await h.handled('ticket-events', accepted);
    await h.app.commands.setCourierAvailability({ id: 'courier-0', available: true }); // would win a second assignment
    await deliverAgain(ticketEvents, accepted, copyOf(accepted, { readyBy: inMinutes(45) }));
    assert.equal((await h.app.queries.delivery(orderId))?.courierId, 'courier-1');

    // TicketReadyForPickup: the first time is kept.
    const ready = await h.publish('kitchen', h.ticketReadyForPickup(ticketId, orderId, new Date().toISOString()));
    await h.handled('ticket-events', ready);
    await deliverAgain(ticketEvents, ready, copyOf(ready, { readyForPickupAt: inMinutes(1) }));

    // TicketCancelled, then OrderRejected: a CANCELLED delivery ignores cancel triggers.
    const ticketCancelled = await h.publish('kitchen', h.ticketCancelled(ticketId, orderId, 6));
    await h.handled('ticket-events', ticketCancelled);
    assert.equal((await h.app.queries.delivery(orderId))?.status, 'CANCELLED');
    await deliverAgain(ticketEvents, ticketCancelled);
    const orderRejected = await h.publish('order', h.orderRejected(orderId, 3));
    await h.handled('order-events', orderRejected);
    await deliverAgain(orderEvents, orderRejected);

    const events = await h.events(orderId);
    assertGapFree(events);
    assert.deepStrictEqual(
      events.map((e) => e.type),
      ['delivery.DeliveryCreated', 'delivery.DeliveryScheduled', 'delivery.DeliveryCancelled'],
    );
    const { rows } = await h.platform.db.query(`SELECT count(*)::int AS n FROM ${ident(h.schema)}.dead_letters`);
    assert.equal(rows[0].n, 0);
  });

  it('queries: unknown and malformed ids are null; deliveriesByIds answers in the order asked', async (t) => {
    const h = await Harness.start(t);
    const d1 = await h.pendingDelivery();
    const d2 = await h.pendingDelivery(d1.restaurantId);
    assert.equal(await h.app.queries.delivery(randomUUID()), null);
    assert.equal(await h.app.queries.delivery('not-a-uuid'), null);
    assert.equal(await h.app.queries.courier('nobody'), null);
    const [v1, v2] = [await h.app.queries.delivery(d1.orderId), await h.app.queries.delivery(d2.orderId)];
    assert.deepStrictEqual(await h.app.queries.deliveriesByIds([d2.orderId, 'bad', d1.orderId, randomUUID(), d2.orderId.toUpperCase()]), [
      v2,
      null,
      v1,
      null,
      v2,
    ]);
    assert.deepStrictEqual(await h.app.queries.deliveriesByIds([]), []);
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { eventually, messagingKinds } from '@ftgo/infra/testing';
import { assertGapFree, Harness, home, inMinutes, plus30, rejects, restaurantAddress, restaurantAddressView } from './support/harness.js';

const homeView = { ...home, street2: 'Apt 4' };

describe('delivery lifecycle (DOMAIN §1.7, §4.1)', () => {
  for (const kind of messagingKinds()) {
    it(`OrderCreated → PENDING, TicketAccepted → SCHEDULED, food ready, picked up, dropped off (${kind})`, async (t) => {
      const h = await Harness.start(t, kind);
      await h.app.commands.setCourierAvailability({ id: 'courier-1', available: true });
      const { orderId, restaurantId } = await h.pendingDelivery();

      assert.deepStrictEqual(await h.app.queries.delivery(orderId), {
        id: orderId,
        orderId,
        status: 'PENDING',
        restaurantId,
        pickupAddress: restaurantAddressView,
        deliveryAddress: homeView,
        readyBy: null,
        readyForPickupAt: null,
        pickedUpAt: null,
        deliveredAt: null,
        courierId: null,
      });

      const readyBy = inMinutes(20);
      const ticketId = await h.accept(orderId, restaurantId, readyBy);
      const scheduled = await h.app.queries.delivery(orderId);
      assert.equal(scheduled?.status, 'SCHEDULED');
      assert.equal(scheduled?.readyBy, readyBy);
      assert.equal(scheduled?.courierId, 'courier-1');
      assert.deepStrictEqual(await h.app.queries.courier('courier-1'), {
        id: 'courier-1',
        available: true,
        plan: [
          { type: 'PICKUP', deliveryId: orderId, address: restaurantAddressView, at: readyBy },
          { type: 'DROPOFF', deliveryId: orderId, address: homeView, at: plus30(readyBy) },
        ],
      });

      const readyForPickupAt = new Date().toISOString();
      const ready = await h.publish('kitchen', h.ticketReadyForPickup(ticketId, orderId, readyForPickupAt));
      await h.handled('ticket-events', ready);
      assert.equal((await h.app.queries.delivery(orderId))?.readyForPickupAt, readyForPickupAt);

      const before = Date.now();
      const pickedUp = await h.app.commands.pickUpDelivery({ id: orderId });
      assert.equal(pickedUp.status, 'PICKED_UP');
      assert.ok(pickedUp.pickedUpAt && Date.parse(pickedUp.pickedUpAt) >= before && Date.parse(pickedUp.pickedUpAt) <= Date.now());
      assert.deepStrictEqual(await h.app.queries.delivery(orderId), pickedUp);
      assert.deepStrictEqual((await h.app.queries.courier('courier-1'))?.plan, [
        { type: 'DROPOFF', deliveryId: orderId, address: homeView, at: plus30(readyBy) },
      ]);

      const delivered = await h.app.commands.dropOffDelivery({ id: orderId });
      assert.deepStrictEqual(delivered, {
        ...pickedUp,
        status: 'DELIVERED',
        deliveredAt: delivered.deliveredAt,
      });
      assert.ok(delivered.deliveredAt && Date.parse(delivered.deliveredAt) >= Date.parse(pickedUp.pickedUpAt));
      assert.deepStrictEqual(await h.app.queries.courier('courier-1'), { id: 'courier-1', available: true, plan: [] });

      // The outbox holds one event per change, versions 1..4, payload = data + occurredAt (DOMAIN §0, §2.2).
      const events = await h.events(orderId);
      assertGapFree(events);
      assert.deepStrictEqual(
        events.map(({ type, version }) => [type, version]),
        [
          ['delivery.DeliveryCreated', 1],
          ['delivery.DeliveryScheduled', 2],
          ['delivery.DeliveryPickedUp', 3],
          ['delivery.DeliveryDelivered', 4],
        ],
      );
      const payloads = events.map(({ payload: { occurredAt, ...data } }) => {
        assert.equal(typeof occurredAt, 'string');
        return data;
      });
      assert.deepStrictEqual(payloads, [
        { deliveryId: orderId, orderId, restaurantId, pickupAddress: restaurantAddress, deliveryAddress: home },
        { deliveryId: orderId, courierId: 'courier-1', readyBy },
        { deliveryId: orderId, orderId, courierId: 'courier-1', pickedUpAt: pickedUp.pickedUpAt },
        { deliveryId: orderId, orderId, courierId: 'courier-1', deliveredAt: delivered.deliveredAt },
      ]);

      // The events reach the bus: kitchen subscribes to DeliveryPickedUp.
      const seen: string[] = [];
      const subscription = await h.platform.bus.subscribe(
        { service: 'kitchen', name: 'delivery-probe', subject: h.platform.config.naming.eventFilter('delivery', 'Delivery'), ordered: true },
        async ({ envelope }) => {
          if (envelope.aggregateId === orderId) seen.push(`${envelope.type}@${envelope.aggregateVersion}`);
        },
      );
      await eventually(() => seen.length === 4, 15_000, 'the delivery events on the bus');
      await subscription.close();
      assert.deepStrictEqual(seen, [
        'delivery.DeliveryCreated@1',
        'delivery.DeliveryScheduled@2',
        'delivery.DeliveryPickedUp@3',
        'delivery.DeliveryDelivered@4',
      ]);
    });
  }

  it('pick-up and drop-off refusals come in DOMAIN order and change nothing', async (t) => {
    const h = await Harness.start(t);
    const unknown = randomUUID();
    for (const id of [unknown, 'not-a-uuid', '']) {
      await rejects(h.app.commands.pickUpDelivery({ id }), 'NOT_FOUND', 'delivery not found');
      await rejects(h.app.commands.dropOffDelivery({ id }), 'NOT_FOUND', 'delivery not found');
    }

    // PENDING (no courier yet): the status check comes first.
    const { orderId, restaurantId } = await h.pendingDelivery();
    let unchanged = await h.snapshot();
    await rejects(h.app.commands.pickUpDelivery({ id: orderId }), 'FAILED_PRECONDITION', 'delivery state does not allow action');
    await rejects(h.app.commands.dropOffDelivery({ id: orderId }), 'FAILED_PRECONDITION', 'delivery state does not allow action');
    assert.deepStrictEqual(await h.snapshot(), unchanged);

    // SCHEDULED, food not ready.
    await h.app.commands.setCourierAvailability({ id: 'courier-1', available: true });
    const ticketId = await h.accept(orderId, restaurantId, inMinutes(15));
    unchanged = await h.snapshot();
    await rejects(h.app.commands.pickUpDelivery({ id: orderId }), 'FAILED_PRECONDITION', 'ticket is not ready for pickup');
    await rejects(h.app.commands.dropOffDelivery({ id: orderId }), 'FAILED_PRECONDITION', 'delivery state does not allow action');
    assert.deepStrictEqual(await h.snapshot(), unchanged);

    // Food ready: no event, no version change (the version counts events).
    await h.handled('ticket-events', await h.publish('kitchen', h.ticketReadyForPickup(ticketId, orderId, new Date().toISOString())));
    assert.equal((await h.events(orderId)).length, 2);

    // With an idempotency key, a repeat returns the stored response and publishes nothing more.
    const key = randomUUID();
    const pickedUp = await h.app.commands.pickUpDelivery({ id: orderId, idempotencyKey: key });
    assert.equal(pickedUp.status, 'PICKED_UP');
    const afterPickUp = await h.snapshot();
    assert.deepStrictEqual(await h.app.commands.pickUpDelivery({ id: orderId, idempotencyKey: key }), pickedUp);
    assert.deepStrictEqual(await h.snapshot(), afterPickUp);
    await rejects(h.app.commands.pickUpDelivery({ id: unknown, idempotencyKey: key }), 'CONFLICT', 'idempotency key was used with a different request');

    // Without the key, a second pick-up is refused.
    await rejects(h.app.commands.pickUpDelivery({ id: orderId }), 'FAILED_PRECONDITION', 'delivery state does not allow action');
    assert.deepStrictEqual(await h.snapshot(), afterPickUp);

    const delivered = await h.app.commands.dropOffDelivery({ id: orderId, idempotencyKey: key }); // keys are per operation
    assert.equal(delivered.status, 'DELIVERED');
    const afterDropOff = await h.snapshot();
    await rejects(h.app.commands.dropOffDelivery({ id: orderId }), 'FAILED_PRECONDITION', 'delivery state does not allow action');
    await rejects(h.app.commands.pickUpDelivery({ id: orderId }), 'FAILED_PRECONDITION', 'delivery state does not allow action');
    assert.deepStrictEqual(await h.snapshot(), afterDropOff);

    const events = await h.events(orderId);
    assertGapFree(events);
    assert.deepStrictEqual(
      events.map((e) => e.type),
      ['delivery.DeliveryCreated', 'delivery.DeliveryScheduled', 'delivery.DeliveryPickedUp', 'delivery.DeliveryDelivered'],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailedPrecondition } from '@ftgo/schema';
import {
  type Courier,
  cancel,
  createDelivery,
  type Delivery,
  dropOff,
  isAwaitingCourier,
  markFoodReady,
  onTicketAccepted,
  pickUp,
} from '../src/domain/index.js';

const restaurantAddress = { street1: '1 Main Street', city: 'Oakland', state: 'CA', zip: '94611' };
const home = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };

const pending = (orderId = 'order-1'): Delivery =>
  createDelivery({ orderId, restaurantId: 'restaurant-1', pickupAddress: restaurantAddress, deliveryAddress: home }).delivery;

const courier = (id: string, planSize = 0, available = true): Courier => ({
  id,
  available,
  plan: Array.from({ length: planSize }, (_, i) => ({
    type: 'PICKUP' as const,
    deliveryId: `other-${i}`,
    address: restaurantAddress,
    at: `2025-01-01T0${i}:00:00.000Z`,
  })),
});

const readyBy = '2025-01-01T12:00:00.000Z';
const fails = (run: () => unknown, message: string) =>
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof FailedPrecondition, `expected FailedPrecondition, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });

const scheduled = () => onTicketAccepted(pending(), readyBy, [courier('c1')]);
const ready = () => {
  const s = scheduled();
  return { delivery: markFoodReady(s.delivery, '2025-01-01T11:55:00.000Z'), courier: s.courier! };
};
const pickedUp = () => {
  const r = ready();
  return pickUp(r.delivery, r.courier, '2025-01-01T12:01:00.000Z');
};

describe('createDelivery (DOMAIN §1.7: OrderCreated → PENDING)', () => {
  it('creates a PENDING delivery at version 1 with id = order id and DeliveryCreated', () => {
    const {
      delivery,
      courier: changed,
      event,
    } = createDelivery({
      orderId: 'order-1',
      restaurantId: 'restaurant-1',
      pickupAddress: restaurantAddress,
      deliveryAddress: home,
    });
    assert.deepEqual(delivery, {
      id: 'order-1',
      restaurantId: 'restaurant-1',
      pickupAddress: restaurantAddress,
      deliveryAddress: home,
      status: 'PENDING',
      readyBy: null,
      readyForPickupAt: null,
      courierId: null,
      pickedUpAt: null,
      deliveredAt: null,
      version: 1,
    });
    assert.equal(changed, null);
    assert.deepEqual(event, {
      type: 'DeliveryCreated',
      data: { deliveryId: 'order-1', orderId: 'order-1', restaurantId: 'restaurant-1', pickupAddress: restaurantAddress, deliveryAddress: home },
    });
  });
});

describe('onTicketAccepted (DOMAIN §1.7, §4.1)', () => {
  it('schedules with an available courier: PICKUP at readyBy, DROPOFF 30 min later, DeliveryScheduled', () => {
    const { delivery, courier: c, event } = scheduled();
    assert.equal(delivery.status, 'SCHEDULED');
    assert.equal(delivery.courierId, 'c1');
    assert.equal(delivery.readyBy, readyBy);
    assert.equal(delivery.version, 2);
    assert.deepEqual(c, {
      id: 'c1',
      available: true, // §4.1: assignment does not make a courier unavailable
      plan: [
        { type: 'PICKUP', deliveryId: 'order-1', address: restaurantAddress, at: '2025-01-01T12:00:00.000Z' },
        { type: 'DROPOFF', deliveryId: 'order-1', address: home, at: '2025-01-01T12:30:00.000Z' },
      ],
    });
    assert.deepEqual(event, { type: 'DeliveryScheduled', data: { deliveryId: 'order-1', courierId: 'c1', readyBy } });
  });

  it('normalises readyBy to UTC milliseconds', () => {
    const { delivery, courier: c } = onTicketAccepted(pending(), '2025-01-01T14:00:00+02:00', [courier('c1')]);
    assert.equal(delivery.readyBy, readyBy);
    assert.equal(c?.plan[1].at, '2025-01-01T12:30:00.000Z');
  });

  it('stays PENDING awaiting a courier when none is available, without an event', () => {
    const { delivery, courier: c, event } = onTicketAccepted(pending(), readyBy, [courier('c1', 0, false)]);
    assert.equal(delivery.status, 'PENDING');
    assert.equal(delivery.readyBy, readyBy);
    assert.equal(delivery.courierId, null);
    assert.equal(delivery.version, 1);
    assert.equal(c, null);
    assert.equal(event, null);
    assert.equal(isAwaitingCourier(delivery), true);
    assert.equal(isAwaitingCourier(pending()), false);
  });

  it('ignores a repeat: already scheduled or already awaiting', () => {
    const s = scheduled().delivery;
    assert.deepEqual(onTicketAccepted(s, readyBy, [courier('c2')]), { delivery: s, courier: null, event: null });
    const awaiting = onTicketAccepted(pending(), readyBy, []).delivery;
    assert.deepEqual(onTicketAccepted(awaiting, readyBy, [courier('c2')]), { delivery: awaiting, courier: null, event: null });
  });

  it('ignores a cancelled delivery', () => {
    const c = cancel(pending(), null).delivery;
    assert.deepEqual(onTicketAccepted(c, readyBy, [courier('c1')]), { delivery: c, courier: null, event: null });
  });
});

describe('markFoodReady (TicketReadyForPickup)', () => {
  it('records readyForPickupAt without an event or version change', () => {
    const d = markFoodReady(scheduled().delivery, '2025-01-01T11:55:00.000Z');
    assert.equal(d.readyForPickupAt, '2025-01-01T11:55:00.000Z');
    assert.equal(d.version, 2);
  });
  it('keeps the first time on a repeat', () => {
    const d = markFoodReady(scheduled().delivery, '2025-01-01T11:55:00.000Z');
    assert.equal(markFoodReady(d, '2025-01-01T11:59:00.000Z'), d);
  });
  it('also records it while awaiting a courier', () => {
    assert.equal(markFoodReady(pending(), '2025-01-01T11:55:00.000Z').readyForPickupAt, '2025-01-01T11:55:00.000Z');
  });
});

describe('pickUp (DOMAIN §1.7)', () => {
  it('SCHEDULED and ready → PICKED_UP at now, removes the PICKUP action, DeliveryPickedUp', () => {
    const { delivery, courier: c, event } = pickedUp();
    assert.equal(delivery.status, 'PICKED_UP');
    assert.equal(delivery.pickedUpAt, '2025-01-01T12:01:00.000Z');
    assert.equal(delivery.version, 3);
    assert.deepEqual(
      c?.plan.map((a) => a.type),
      ['DROPOFF'],
    );
    assert.deepEqual(event, {
      type: 'DeliveryPickedUp',
      data: { deliveryId: 'order-1', orderId: 'order-1', courierId: 'c1', pickedUpAt: '2025-01-01T12:01:00.000Z' },
    });
  });

  it('refuses before the food is ready', () => {
    const s = scheduled();
    fails(() => pickUp(s.delivery, s.courier, '2025-01-01T12:01:00.000Z'), 'ticket is not ready for pickup');
  });

  it('checks the status before readiness', () => {
    fails(() => pickUp(pending(), null, '2025-01-01T12:01:00.000Z'), 'delivery state does not allow action');
    const awaitingReady = markFoodReady(onTicketAccepted(pending(), readyBy, []).delivery, '2025-01-01T11:00:00.000Z');
    fails(() => pickUp(awaitingReady, null, '2025-01-01T12:01:00.000Z'), 'delivery state does not allow action');
  });

  it('refuses a second pick-up, a delivered and a cancelled delivery', () => {
    const p = pickedUp();
    fails(() => pickUp(p.delivery, p.courier, '2025-01-01T12:02:00.000Z'), 'delivery state does not allow action');
    const d = dropOff(p.delivery, p.courier, '2025-01-01T12:20:00.000Z');
    fails(() => pickUp(d.delivery, d.courier, '2025-01-01T12:21:00.000Z'), 'delivery state does not allow action');
    const r = ready();
    const c = cancel(r.delivery, r.courier);
    fails(() => pickUp(c.delivery, c.courier, '2025-01-01T12:21:00.000Z'), 'delivery state does not allow action');
  });

  it('treats a courier that is not the assigned one as a bug', () => {
    const r = ready();
    assert.throws(() => pickUp(r.delivery, courier('c9'), '2025-01-01T12:01:00.000Z'), /not the courier/);
  });
});

describe('dropOff (DOMAIN §1.7)', () => {
  it('PICKED_UP → DELIVERED at now, removes the DROPOFF action, DeliveryDelivered', () => {
    const p = pickedUp();
    const { delivery, courier: c, event } = dropOff(p.delivery, p.courier, '2025-01-01T12:20:00.000Z');
    assert.equal(delivery.status, 'DELIVERED');
    assert.equal(delivery.deliveredAt, '2025-01-01T12:20:00.000Z');
    assert.equal(delivery.version, 4);
    assert.deepEqual(c?.plan, []);
    assert.deepEqual(event, {
      type: 'DeliveryDelivered',
      data: { deliveryId: 'order-1', orderId: 'order-1', courierId: 'c1', deliveredAt: '2025-01-01T12:20:00.000Z' },
    });
  });

  it('refuses any other status', () => {
    const r = ready();
    fails(() => dropOff(pending(), null, '2025-01-01T12:20:00.000Z'), 'delivery state does not allow action');
    fails(() => dropOff(r.delivery, r.courier, '2025-01-01T12:20:00.000Z'), 'delivery state does not allow action');
    const p = pickedUp();
    const d = dropOff(p.delivery, p.courier, '2025-01-01T12:20:00.000Z');
    fails(() => dropOff(d.delivery, d.courier, '2025-01-01T12:21:00.000Z'), 'delivery state does not allow action');
  });
});

describe('cancel (DOMAIN §1.7, §4.1: OrderRejected, TicketCancelled)', () => {
  it('PENDING → CANCELLED with DeliveryCancelled and no courier', () => {
    const { delivery, courier: c, event } = cancel(pending(), null);
    assert.equal(delivery.status, 'CANCELLED');
    assert.equal(delivery.version, 2);
    assert.equal(c, null);
    assert.deepEqual(event, { type: 'DeliveryCancelled', data: { deliveryId: 'order-1', orderId: 'order-1' } });
  });

  it('SCHEDULED → CANCELLED: removes only this delivery’s actions, keeps the courier id', () => {
    const first = scheduled();
    const second = onTicketAccepted(pending('order-2'), '2025-01-01T11:00:00.000Z', [first.courier!]);
    const { delivery, courier: c } = cancel(first.delivery, second.courier);
    assert.equal(delivery.status, 'CANCELLED');
    assert.equal(delivery.courierId, 'c1');
    assert.deepEqual(
      c?.plan.map((a) => `${a.type} ${a.deliveryId}`),
      ['PICKUP order-2', 'DROPOFF order-2'],
    );
  });

  it('ignores a cancel of a CANCELLED delivery', () => {
    const c = cancel(pending(), null).delivery;
    assert.deepEqual(cancel(c, null), { delivery: c, courier: null, event: null });
  });

  it('refuses PICKED_UP and DELIVERED', () => {
    const p = pickedUp();
    fails(() => cancel(p.delivery, p.courier), 'delivery state does not allow action');
    const d = dropOff(p.delivery, p.courier, '2025-01-01T12:20:00.000Z');
    fails(() => cancel(d.delivery, d.courier), 'delivery state does not allow action');
  });

  it('does not mutate its inputs', () => {
    const s = scheduled();
    const before: Delivery = structuredClone(s.delivery);
    const planBefore = structuredClone(s.courier);
    cancel(s.delivery, s.courier);
    assert.deepEqual(s.delivery, before);
    assert.deepEqual(s.courier, planBefore);
  });
});

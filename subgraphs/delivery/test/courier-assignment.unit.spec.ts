import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addToPlan,
  assignAwaitingDeliveries,
  type Courier,
  type CourierAction,
  chooseCourier,
  compareForAssignment,
  createDelivery,
  type Delivery,
  onTicketAccepted,
  removeFromPlan,
  setCourierAvailability,
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

const awaiting = (orderId: string, readyBy: string) => onTicketAccepted(pending(orderId), readyBy, []).delivery;

describe('chooseCourier (DOMAIN §4.1)', () => {
  it('picks the available courier with the fewest plan actions', () => {
    assert.equal(chooseCourier([courier('a', 2), courier('b', 1), courier('c', 3)])?.id, 'b');
  });
  it('breaks a tie by the smallest id', () => {
    assert.equal(chooseCourier([courier('c', 1), courier('a', 1), courier('b', 1)])?.id, 'a');
    assert.equal(chooseCourier([courier('courier-2'), courier('courier-10')])?.id, 'courier-10');
  });
  it('skips unavailable couriers, however idle', () => {
    assert.equal(chooseCourier([courier('a', 0, false), courier('b', 4)])?.id, 'b');
  });
  it('returns null when no courier is available', () => {
    assert.equal(chooseCourier([]), null);
    assert.equal(chooseCourier([courier('a', 0, false)]), null);
  });
});

describe('courier plan (DOMAIN §4.1: by at, then insertion)', () => {
  const action = (deliveryId: string, at: string, type: CourierAction['type'] = 'PICKUP'): CourierAction => ({
    type,
    deliveryId,
    address: restaurantAddress,
    at,
  });
  it('orders by at, then insertion', () => {
    const plan = [
      action('a', '2025-01-01T12:00:00.000Z'),
      action('b', '2025-01-01T11:00:00.000Z'),
      action('c', '2025-01-01T12:00:00.000Z'),
      action('d', '2025-01-01T10:00:00.000Z'),
    ].reduce(addToPlan, [] as CourierAction[]);
    assert.deepEqual(
      plan.map((a) => a.deliveryId),
      ['d', 'b', 'a', 'c'],
    );
  });
  it('compares instants, not strings', () => {
    const plan = addToPlan([action('a', '2025-01-01T12:00:00.000Z')], action('b', '2025-01-01T13:00:00+02:00'));
    assert.deepEqual(
      plan.map((a) => a.deliveryId),
      ['b', 'a'],
    );
  });
  it('removes one action type or all actions of a delivery', () => {
    const plan = [action('a', '2025-01-01T12:00:00.000Z'), action('a', '2025-01-01T12:30:00.000Z', 'DROPOFF'), action('b', '2025-01-01T12:40:00.000Z')];
    assert.deepEqual(
      removeFromPlan(plan, 'a', 'PICKUP').map((x) => `${x.type} ${x.deliveryId}`),
      ['DROPOFF a', 'PICKUP b'],
    );
    assert.deepEqual(
      removeFromPlan(plan, 'a').map((x) => x.deliveryId),
      ['b'],
    );
  });
  it('interleaves the actions of several deliveries of one courier', () => {
    const first = onTicketAccepted(pending('o1'), '2025-01-01T12:00:00.000Z', [courier('c1')]);
    const second = onTicketAccepted(pending('o2'), '2025-01-01T12:10:00.000Z', [first.courier!]);
    assert.deepEqual(
      second.courier?.plan.map((a) => `${a.type} ${a.deliveryId} ${a.at.slice(11, 16)}`),
      ['PICKUP o1 12:00', 'PICKUP o2 12:10', 'DROPOFF o1 12:30', 'DROPOFF o2 12:40'],
    );
  });
});

describe('setCourierAvailability (DOMAIN §1.7, §4.1)', () => {
  it('creates the courier with an empty plan on first use', () => {
    assert.deepEqual(setCourierAvailability(null, 'courier-1', true), { courier: { id: 'courier-1', available: true, plan: [] }, becameAvailable: true });
    assert.deepEqual(setCourierAvailability(null, 'courier-1', false), { courier: { id: 'courier-1', available: false, plan: [] }, becameAvailable: false });
  });
  it('keeps the plan when becoming unavailable, and reports becoming available again', () => {
    const busy = courier('c1', 2);
    const off = setCourierAvailability(busy, 'c1', false);
    assert.deepEqual(off, { courier: { ...busy, available: false }, becameAvailable: false });
    assert.equal(setCourierAvailability(off.courier, 'c1', true).becameAvailable, true);
    assert.equal(setCourierAvailability(busy, 'c1', true).becameAvailable, false);
  });
});

describe('assignAwaitingDeliveries (DOMAIN §4.1)', () => {
  it('orders awaiting deliveries by oldest readyBy, tie by delivery id', () => {
    const ds = [awaiting('b', '2025-01-01T12:00:00.000Z'), awaiting('c', '2025-01-01T11:00:00.000Z'), awaiting('a', '2025-01-01T12:00:00.000Z')];
    assert.deepEqual(
      [...ds].sort(compareForAssignment).map((d) => d.id),
      ['c', 'a', 'b'],
    );
  });

  it('assigns every awaiting delivery in that order, each by the fewest-actions rule', () => {
    const ds = [awaiting('o3', '2025-01-01T13:00:00.000Z'), awaiting('o1', '2025-01-01T11:00:00.000Z'), awaiting('o2', '2025-01-01T12:00:00.000Z')];
    const round = assignAwaitingDeliveries(ds, [courier('y'), courier('x'), courier('z', 0, false)]);
    assert.deepEqual(
      round.transitions.map((t) => [t.delivery.id, t.delivery.status, t.delivery.courierId, t.event?.type, t.delivery.version]),
      [
        ['o1', 'SCHEDULED', 'x', 'DeliveryScheduled', 2],
        ['o2', 'SCHEDULED', 'y', 'DeliveryScheduled', 2],
        ['o3', 'SCHEDULED', 'x', 'DeliveryScheduled', 2],
      ],
    );
    const byId = new Map(round.couriers.map((c) => [c.id, c]));
    assert.deepEqual([...byId.keys()].sort(), ['x', 'y']);
    assert.deepEqual(
      byId.get('x')?.plan.map((a) => `${a.type} ${a.deliveryId}`),
      ['PICKUP o1', 'DROPOFF o1', 'PICKUP o3', 'DROPOFF o3'],
    );
    assert.equal(round.transitions[0].courier?.plan.length, 2); // x right after o1
  });

  it('skips deliveries that are not awaiting a courier', () => {
    const round = assignAwaitingDeliveries([pending('fresh'), awaiting('o1', '2025-01-01T11:00:00.000Z')], [courier('x')]);
    assert.deepEqual(
      round.transitions.map((t) => t.delivery.id),
      ['o1'],
    );
  });

  it('assigns nothing when no courier is available', () => {
    assert.deepEqual(assignAwaitingDeliveries([awaiting('o1', '2025-01-01T11:00:00.000Z')], [courier('x', 0, false)]), { transitions: [], couriers: [] });
  });
});

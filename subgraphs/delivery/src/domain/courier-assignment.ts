import type { Instant } from '@ftgo/schema';
import type { Courier } from './courier.js';
import { actionsFor, withActions } from './courier-plan.js';
import { type Delivery, type DeliveryTransition, isAwaitingCourier, unchanged } from './delivery.js';
import { compareInstants, toInstant } from './instant.js';

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * DOMAIN §4.1: among couriers with `available = true`, the one with the fewest plan actions
 * (tie: smallest id); null when none is available.
 */
export function chooseCourier(couriers: readonly Courier[]): Courier | null {
  let chosen: Courier | null = null;
  for (const courier of couriers) {
    if (!courier.available) continue; // §4.1: an unavailable courier gets no new work
    if (chosen === null || courier.plan.length < chosen.plan.length || (courier.plan.length === chosen.plan.length && compareIds(courier.id, chosen.id) < 0)) {
      chosen = courier;
    }
  }
  return chosen;
}

/** PENDING with readyBy → SCHEDULED: the courier gets PICKUP and DROPOFF; assignment leaves it available (§4.1). */
export function scheduleWith(delivery: Delivery, courier: Courier): DeliveryTransition {
  if (delivery.readyBy === null) throw new Error(`delivery ${delivery.id} has no readyBy to schedule`);
  const scheduled: Delivery = { ...delivery, status: 'SCHEDULED', courierId: courier.id, version: delivery.version + 1 };
  return {
    delivery: scheduled,
    courier: withActions(courier, actionsFor(delivery, delivery.readyBy)),
    event: { type: 'DeliveryScheduled', data: { deliveryId: delivery.id, courierId: courier.id, readyBy: delivery.readyBy } },
  };
}

/**
 * DOMAIN §1.7 TicketAccepted: records readyBy, then schedules with the courier `chooseCourier`
 * picks among `couriers`, or stays PENDING awaiting a courier (no event). A delivery that is no
 * longer PENDING, or already has readyBy, has seen it: no-op (a single-event reaction's state guard, §0).
 */
export function onTicketAccepted(delivery: Delivery, readyBy: Instant, couriers: readonly Courier[]): DeliveryTransition {
  if (delivery.status !== 'PENDING' || delivery.readyBy !== null) return unchanged(delivery);
  const accepted: Delivery = { ...delivery, readyBy: toInstant(readyBy) };
  const courier = chooseCourier(couriers);
  return courier ? scheduleWith(accepted, courier) : { delivery: accepted, courier: null, event: null };
}

/** DOMAIN §4.1: awaiting deliveries are assigned oldest readyBy first (tie: delivery id). */
export function compareForAssignment(a: Delivery, b: Delivery): number {
  return compareInstants(a.readyBy as Instant, b.readyBy as Instant) || compareIds(a.id, b.id);
}

export interface AssignmentRound {
  /** One per scheduled delivery, in assignment order; each `courier` is that courier's plan right after it. */
  transitions: DeliveryTransition[];
  /** The final state of every courier whose plan changed, to store once. */
  couriers: Courier[];
}

/**
 * When a courier becomes available (DOMAIN §4.1): every awaiting delivery, oldest readyBy first,
 * is assigned by the same rule among all available couriers, each seeing the plans as the
 * previous assignments left them. Deliveries that are not awaiting are skipped.
 */
export function assignAwaitingDeliveries(deliveries: readonly Delivery[], couriers: readonly Courier[]): AssignmentRound {
  const current = new Map(couriers.map((c) => [c.id, c]));
  const changed = new Set<string>();
  const transitions: DeliveryTransition[] = [];
  for (const delivery of deliveries.filter(isAwaitingCourier).sort(compareForAssignment)) {
    const courier = chooseCourier([...current.values()]);
    if (courier === null) break;
    const transition = scheduleWith(delivery, courier);
    transitions.push(transition);
    current.set(courier.id, transition.courier as Courier);
    changed.add(courier.id);
  }
  return { transitions, couriers: [...changed].map((id) => current.get(id) as Courier) };
}

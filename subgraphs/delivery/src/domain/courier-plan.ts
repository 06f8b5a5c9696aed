import type { Instant } from '@ftgo/schema';
import type { Courier, CourierAction, CourierActionType } from './courier.js';
import type { Delivery } from './delivery.js';
import { addMinutes, compareInstants, toInstant } from './instant.js';

/** DOMAIN §4.1: DROPOFF at readyBy + 30 min. */
export const DROPOFF_AFTER_MINUTES = 30;

/** DOMAIN §4.1: PICKUP {pickupAddress, at: readyBy} and DROPOFF {deliveryAddress, at: readyBy + 30 min}. */
export function actionsFor(delivery: Delivery, readyBy: Instant): CourierAction[] {
  const at = toInstant(readyBy);
  return [
    { type: 'PICKUP', deliveryId: delivery.id, address: { ...delivery.pickupAddress }, at },
    { type: 'DROPOFF', deliveryId: delivery.id, address: { ...delivery.deliveryAddress }, at: addMinutes(at, DROPOFF_AFTER_MINUTES) },
  ];
}

/** Inserts after every action with the same or an earlier `at`: order by `at`, then insertion (DOMAIN §4.1). */
export function addToPlan(plan: readonly CourierAction[], action: CourierAction): CourierAction[] {
  const index = plan.findIndex((existing) => compareInstants(existing.at, action.at) > 0);
  return index === -1 ? [...plan, action] : [...plan.slice(0, index), action, ...plan.slice(index)];
}

/** Removes the delivery's actions (of one type, or all of them). */
export const removeFromPlan = (plan: readonly CourierAction[], deliveryId: string, type?: CourierActionType): CourierAction[] =>
  plan.filter((action) => action.deliveryId !== deliveryId || (type !== undefined && action.type !== type));

export const withActions = (courier: Courier, actions: readonly CourierAction[]): Courier => ({
  ...courier,
  plan: actions.reduce(addToPlan, courier.plan),
});

export const withoutActions = (courier: Courier, deliveryId: string, type?: CourierActionType): Courier => ({
  ...courier,
  plan: removeFromPlan(courier.plan, deliveryId, type),
});

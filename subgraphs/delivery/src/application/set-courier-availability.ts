import { assignAwaitingDeliveries, setCourierAvailability } from '../domain/index.js';
import type { DeliveryDeps } from './ports.js';
import { type CourierView, toCourierView } from './views.js';

export interface SetCourierAvailabilityInput {
  id: string;
  available: boolean;
  idempotencyKey?: string;
}

/**
 * `setCourierAvailability(id, available)` (DOMAIN §1.7, §4.1): creates the courier with an empty
 * plan on first use; an unavailable courier keeps its plan. When this makes the courier available,
 * every delivery awaiting a courier is assigned in this transaction, oldest readyBy first (tie:
 * id), each to the available courier with the fewest actions, with DeliveryScheduled.
 */
export const setCourierAvailabilityCommand =
  ({ uow, clock }: DeliveryDeps) =>
  ({ id, available, idempotencyKey }: SetCourierAvailabilityInput): Promise<CourierView> =>
    uow.run(
      'setCourierAvailability',
      async (stores) => {
        // Taken first: the courier's first use and the assignment below are serialised with every other assignment.
        await stores.couriers.lockAssignment();
        const change = setCourierAvailability(await stores.couriers.find(id, { lock: true }), id, available);
        await stores.couriers.save(change.courier);
        if (!change.becameAvailable) return toCourierView(change.courier);

        const round = assignAwaitingDeliveries(await stores.deliveries.awaitingCourier(), await stores.couriers.available());
        const now = clock.now();
        for (const transition of round.transitions) {
          await stores.deliveries.update(transition.delivery);
          if (transition.event) await stores.events.publish(transition.delivery, transition.event, now);
        }
        for (const courier of round.couriers) await stores.couriers.save(courier);
        return toCourierView(round.couriers.find((c) => c.id === id) ?? change.courier);
      },
      { key: idempotencyKey, request: { id, available } },
    );

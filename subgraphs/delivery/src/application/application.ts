import { cancelDeliveryCommand } from './cancel-delivery.js';
import { createDeliveryCommand } from './create-delivery.js';
import { dropOffDeliveryCommand } from './drop-off-delivery.js';
import { findCourierQuery, findCouriersByIdsQuery } from './find-courier.js';
import { findDeliveriesByIdsQuery } from './find-deliveries-by-ids.js';
import { findDeliveryQuery } from './find-delivery.js';
import { markFoodReadyCommand } from './mark-food-ready.js';
import { pickUpDeliveryCommand } from './pick-up-delivery.js';
import type { DeliveryDeps } from './ports.js';
import { recordRestaurantCommand } from './record-restaurant.js';
import { scheduleDeliveryCommand } from './schedule-delivery.js';
import { setCourierAvailabilityCommand } from './set-courier-availability.js';

/**
 * The delivery service's use cases. Mutations (`setCourierAvailability`, `pickUpDelivery`,
 * `dropOffDelivery`) take an optional idempotency key; the rest react to inbound events and run in
 * the handler's transaction when `deps.uow` is bound to it.
 */
export function createDeliveryApplication(deps: DeliveryDeps) {
  return {
    commands: {
      setCourierAvailability: setCourierAvailabilityCommand(deps),
      pickUpDelivery: pickUpDeliveryCommand(deps),
      dropOffDelivery: dropOffDeliveryCommand(deps),
      recordRestaurant: recordRestaurantCommand(deps),
      createDelivery: createDeliveryCommand(deps),
      scheduleDelivery: scheduleDeliveryCommand(deps),
      markFoodReady: markFoodReadyCommand(deps),
      cancelDelivery: cancelDeliveryCommand(deps),
    },
    queries: {
      delivery: findDeliveryQuery(deps),
      courier: findCourierQuery(deps),
      couriersByIds: findCouriersByIdsQuery(deps),
      deliveriesByIds: findDeliveriesByIdsQuery(deps),
    },
  };
}

export type DeliveryApplication = ReturnType<typeof createDeliveryApplication>;

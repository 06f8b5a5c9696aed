import { type Address, Conflict, NotFound } from '@ftgo/schema';
import { createDelivery } from '../domain/index.js';
import type { DeliveryDeps } from './ports.js';
import { type DeliveryView, toDeliveryView } from './views.js';

export interface CreateDeliveryInput {
  orderId: string;
  restaurantId: string;
  /** The order's deliverTo. */
  deliveryAddress: Address;
}

/**
 * OrderCreated → a PENDING delivery picking up at the restaurant's address (DOMAIN §1.7). Unknown
 * restaurant → NOT_FOUND `restaurant not found`; a second one for the order → CONFLICT
 * `delivery already exists` (checks in DOMAIN §0 order).
 */
export const createDeliveryCommand =
  ({ uow, clock }: DeliveryDeps) =>
  (input: CreateDeliveryInput): Promise<DeliveryView> =>
    uow.run('createDelivery', async (stores) => {
      const restaurant = await stores.restaurants.find(input.restaurantId);
      if (!restaurant) throw new NotFound('restaurant not found');
      if (await stores.deliveries.find(input.orderId)) throw new Conflict('delivery already exists');
      const { delivery, event } = createDelivery({
        orderId: input.orderId,
        restaurantId: input.restaurantId,
        pickupAddress: restaurant.address,
        deliveryAddress: input.deliveryAddress,
      });
      if (!(await stores.deliveries.insert(delivery))) throw new Conflict('delivery already exists');
      if (event) await stores.events.publish(delivery, event, clock.now());
      return toDeliveryView(delivery);
    });

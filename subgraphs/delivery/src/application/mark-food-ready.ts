import { type Instant, NotFound } from '@ftgo/schema';
import { markFoodReady } from '../domain/index.js';
import type { DeliveryDeps } from './ports.js';
import { type DeliveryView, toDeliveryView } from './views.js';

export interface MarkFoodReadyInput {
  orderId: string;
  readyForPickupAt: Instant;
}

/** TicketReadyForPickup (DOMAIN §1.7): records readyForPickupAt, no event. Unknown delivery → NOT_FOUND `delivery not found`. */
export const markFoodReadyCommand =
  ({ uow }: DeliveryDeps) =>
  (input: MarkFoodReadyInput): Promise<DeliveryView> =>
    uow.run('markFoodReady', async (stores) => {
      const delivery = await stores.deliveries.find(input.orderId, { lock: true });
      if (!delivery) throw new NotFound('delivery not found');
      const ready = markFoodReady(delivery, input.readyForPickupAt);
      if (ready !== delivery) await stores.deliveries.update(ready);
      return toDeliveryView(ready);
    });

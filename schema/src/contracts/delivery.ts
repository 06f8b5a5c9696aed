import { event } from '../message.js';
import type { Address, Instant, Occurred } from './common.js';

const SERVICE = 'delivery';
export const AGGREGATE = 'Delivery';

export const DeliveryCreated = event<
  { deliveryId: string; orderId: string; restaurantId: string; pickupAddress: Address; deliveryAddress: Address } & Occurred
>(SERVICE, AGGREGATE, 'DeliveryCreated');
export const DeliveryScheduled = event<{ deliveryId: string; courierId: string; readyBy: Instant } & Occurred>(SERVICE, AGGREGATE, 'DeliveryScheduled');
export const DeliveryPickedUp = event<{ deliveryId: string; orderId: string; courierId: string; pickedUpAt: Instant } & Occurred>(
  SERVICE,
  AGGREGATE,
  'DeliveryPickedUp',
);
export const DeliveryDelivered = event<{ deliveryId: string; orderId: string; courierId: string; deliveredAt: Instant } & Occurred>(
  SERVICE,
  AGGREGATE,
  'DeliveryDelivered',
);
export const DeliveryCancelled = event<{ deliveryId: string; orderId: string } & Occurred>(SERVICE, AGGREGATE, 'DeliveryCancelled');

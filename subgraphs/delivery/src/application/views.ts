import type { Address, Instant } from '@ftgo/schema';
import type { Courier, CourierActionType, Delivery, DeliveryStatus } from '../domain/index.js';

/** An address as the API shows it: `street2` always present (null when absent). */
export interface AddressView {
  street1: string;
  street2: string | null;
  city: string;
  state: string;
  zip: string;
}

/** A delivery, JSON-safe (times as ISO strings), so an idempotent replay returns the same shape. */
export interface DeliveryView {
  id: string;
  /** = id (DOMAIN §0: delivery id = order id). */
  orderId: string;
  status: DeliveryStatus;
  restaurantId: string;
  pickupAddress: AddressView;
  deliveryAddress: AddressView;
  readyBy: Instant | null;
  readyForPickupAt: Instant | null;
  pickedUpAt: Instant | null;
  deliveredAt: Instant | null;
  courierId: string | null;
}

export interface CourierActionView {
  type: CourierActionType;
  deliveryId: string;
  address: AddressView;
  at: Instant;
}

export interface CourierView {
  id: string;
  available: boolean;
  /** Outstanding actions, ordered by `at`, then insertion (DOMAIN §4.1). */
  plan: CourierActionView[];
}

export const toAddressView = (address: Address): AddressView => ({
  street1: address.street1,
  street2: address.street2 ?? null,
  city: address.city,
  state: address.state,
  zip: address.zip,
});

export const toDeliveryView = (delivery: Delivery): DeliveryView => ({
  id: delivery.id,
  orderId: delivery.id,
  status: delivery.status,
  restaurantId: delivery.restaurantId,
  pickupAddress: toAddressView(delivery.pickupAddress),
  deliveryAddress: toAddressView(delivery.deliveryAddress),
  readyBy: delivery.readyBy,
  readyForPickupAt: delivery.readyForPickupAt,
  pickedUpAt: delivery.pickedUpAt,
  deliveredAt: delivery.deliveredAt,
  courierId: delivery.courierId,
});

export const toCourierView = (courier: Courier): CourierView => ({
  id: courier.id,
  available: courier.available,
  plan: courier.plan.map((action) => ({ type: action.type, deliveryId: action.deliveryId, address: toAddressView(action.address), at: action.at })),
});

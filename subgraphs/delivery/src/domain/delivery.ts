import type { Address, Instant } from '@ftgo/schema';
import type { Courier } from './courier.js';
import type { DeliveryEvent } from './delivery-events.js';

export type DeliveryStatus = 'PENDING' | 'SCHEDULED' | 'PICKED_UP' | 'DELIVERED' | 'CANCELLED';

/** A row of `delivery.deliveries` (DOMAIN §1.7). */
export interface Delivery {
  /** = the order id (DOMAIN §0). */
  id: string;
  restaurantId: string;
  /** The restaurant's address, from the delivery service's restaurant replica. */
  pickupAddress: Address;
  /** The order's deliverTo. */
  deliveryAddress: Address;
  status: DeliveryStatus;
  /** Set by TicketAccepted; a PENDING delivery with readyBy is awaiting a courier (DOMAIN §4.1). */
  readyBy: Instant | null;
  /** Set by TicketReadyForPickup: the food is ready. */
  readyForPickupAt: Instant | null;
  /** Kept after cancellation (DOMAIN §4.1 removes only the plan actions). */
  courierId: string | null;
  pickedUpAt: Instant | null;
  deliveredAt: Instant | null;
  /** Row version = aggregate version of the Delivery events: 1 with DeliveryCreated, +1 per event (DOMAIN §0). */
  version: number;
}

/**
 * What a transition decided: the delivery to store, the courier whose plan changed (null when
 * none did) and the event to publish in the same transaction, whose aggregate version is
 * `delivery.version`. A null event with an unchanged delivery means the trigger was a no-op.
 */
export interface DeliveryTransition {
  delivery: Delivery;
  courier: Courier | null;
  event: DeliveryEvent | null;
}

export interface NewDelivery {
  orderId: string;
  restaurantId: string;
  pickupAddress: Address;
  deliveryAddress: Address;
}

/** DOMAIN §1.7: OrderCreated → PENDING, DeliveryCreated. */
export function createDelivery(input: NewDelivery): DeliveryTransition {
  const delivery: Delivery = {
    id: input.orderId,
    restaurantId: input.restaurantId,
    pickupAddress: { ...input.pickupAddress },
    deliveryAddress: { ...input.deliveryAddress },
    status: 'PENDING',
    readyBy: null,
    readyForPickupAt: null,
    courierId: null,
    pickedUpAt: null,
    deliveredAt: null,
    version: 1,
  };
  const event: DeliveryEvent = {
    type: 'DeliveryCreated',
    data: {
      deliveryId: delivery.id,
      orderId: delivery.id,
      restaurantId: delivery.restaurantId,
      pickupAddress: { ...delivery.pickupAddress },
      deliveryAddress: { ...delivery.deliveryAddress },
    },
  };
  return { delivery, courier: null, event };
}

/** DOMAIN §4.1: accepted by the kitchen, no courier yet. */
export const isAwaitingCourier = (d: Delivery): boolean => d.status === 'PENDING' && d.readyBy !== null;

/** Unchanged: a trigger that the state guards make a no-op (duplicates, already handled). */
export const unchanged = (delivery: Delivery): DeliveryTransition => ({ delivery, courier: null, event: null });

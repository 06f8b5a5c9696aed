import { type Address, BadUserInput, type Instant, type MenuItemQuantity, NotFound } from '@ftgo/schema';
import { validateAddress } from './address.js';
import { defaultDeliverAt, validateDeliverAt } from './delivery-time.js';
import { priceLineItems, validateRequestedLineItems } from './line-items.js';
import { ORDER_MESSAGES } from './messages.js';
import type { CreateOrder, RestaurantMenu } from './order-commands.js';

/** The `createOrder` mutation's input as the application receives it. */
export interface CreateOrderRequest {
  consumerId: string;
  restaurantId: string;
  lineItems: MenuItemQuantity[];
  deliverTo?: Address | null;
  deliverToAddressId?: string | null;
  /** Absent = now + 30 min. */
  deliverAt?: Instant | null;
}

/** A consumer's labelled addresses from the consumer replica, in insertion order (DOMAIN §1.2). */
export interface ConsumerAddressBook {
  consumerId: string;
  addresses: readonly { addressId: string; address: Address }[];
}

/** What the application looked up; `null` = not in the replica (or not looked up, for an inline address). */
export interface CreateOrderLookups {
  orderId: string;
  now: Instant;
  restaurant: RestaurantMenu | null;
  addressBook: ConsumerAddressBook | null;
}

/**
 * The BAD_USER_INPUT checks of DOMAIN §1.5 createOrder, in table order; needs no lookup.
 * The inline address gets the §0 Address rules right after the exactly-one check that chose it.
 * Returns the effective `deliverAt`.
 */
export function validateOrderRequest(request: CreateOrderRequest, now: Instant): Instant {
  validateRequestedLineItems(request.lineItems);
  const inline = request.deliverTo != null;
  if (inline === (request.deliverToAddressId != null)) throw new BadUserInput(ORDER_MESSAGES.deliveryAddressChoice);
  if (request.deliverTo) validateAddress(request.deliverTo);
  const deliverAt = request.deliverAt ?? defaultDeliverAt(now);
  validateDeliverAt(deliverAt, now);
  return deliverAt;
}

export function requireRestaurant(restaurant: RestaurantMenu | null): RestaurantMenu {
  if (!restaurant) throw new NotFound(ORDER_MESSAGES.restaurantNotFound);
  return restaurant;
}

/**
 * The inline address, or the labelled one from the consumer's address book. With an inline address
 * the consumer is not checked here (the CreateOrder saga's validateConsumer does it), so the book may be null.
 */
export function resolveDeliveryAddress(
  request: Pick<CreateOrderRequest, 'deliverTo' | 'deliverToAddressId'>,
  addressBook: ConsumerAddressBook | null,
): Address {
  if (request.deliverTo) return validateAddress(request.deliverTo);
  if (!addressBook) throw new NotFound(ORDER_MESSAGES.consumerNotFound);
  const entry = addressBook.addresses.find((candidate) => candidate.addressId === request.deliverToAddressId);
  if (!entry) throw new NotFound(ORDER_MESSAGES.addressNotFound);
  return entry.address;
}

/**
 * Every createOrder check in DOMAIN order (BAD_USER_INPUT, then restaurant, menu items, consumer,
 * address label), then the command for `decide`.
 */
export function toCreateOrder(request: CreateOrderRequest, lookups: CreateOrderLookups): CreateOrder {
  const deliverAt = validateOrderRequest(request, lookups.now);
  const restaurant = requireRestaurant(lookups.restaurant);
  priceLineItems(request.lineItems, restaurant.menu); // menu items are NOT_FOUND before the consumer is
  const deliverTo = resolveDeliveryAddress(request, lookups.addressBook);
  return {
    type: 'CreateOrder',
    data: {
      orderId: lookups.orderId,
      consumerId: request.consumerId,
      restaurant,
      lineItems: request.lineItems,
      deliverTo,
      deliverAt,
      now: lookups.now,
    },
  };
}

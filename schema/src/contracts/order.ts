import { event } from '../message.js';
import type { Address, Instant, MenuItemQuantity, Occurred } from './common.js';

const SERVICE = 'order';
export const AGGREGATE = 'Order';

export interface OrderLineItem {
  menuItemId: string;
  name: string;
  price: number;
  quantity: number;
}

export const OrderCreated = event<
  {
    orderId: string;
    consumerId: string;
    restaurantId: string;
    restaurantName: string;
    lineItems: OrderLineItem[];
    orderTotal: number;
    deliverAt: Instant;
    deliverTo: Address;
    createdAt: Instant;
  } & Occurred
>(SERVICE, AGGREGATE, 'OrderCreated');
export const OrderApproved = event<{ orderId: string; ticketId: string } & Occurred>(SERVICE, AGGREGATE, 'OrderApproved');
export const OrderRejected = event<{ orderId: string; reason: string } & Occurred>(SERVICE, AGGREGATE, 'OrderRejected');
export const OrderCancelling = event<{ orderId: string } & Occurred>(SERVICE, AGGREGATE, 'OrderCancelling');
export const OrderCancellingUndone = event<{ orderId: string } & Occurred>(SERVICE, AGGREGATE, 'OrderCancellingUndone');
export const OrderCancelled = event<{ orderId: string } & Occurred>(SERVICE, AGGREGATE, 'OrderCancelled');

export interface Revision {
  orderId: string;
  currentOrderTotal: number;
  newOrderTotal: number;
  revisedQuantities: MenuItemQuantity[];
}
export const OrderProposedRevision = event<Revision & Occurred>(SERVICE, AGGREGATE, 'OrderProposedRevision');
export const OrderRevisingUndone = event<{ orderId: string } & Occurred>(SERVICE, AGGREGATE, 'OrderRevisingUndone');
export const OrderRevised = event<Revision & Occurred>(SERVICE, AGGREGATE, 'OrderRevised');

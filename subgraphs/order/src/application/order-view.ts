import type { Address, Instant } from '@ftgo/schema';
import { type ExistingOrder, lineTotal, type OrderStatus } from '../domain/index.js';

export interface OrderLineItemView {
  menuItemId: string;
  name: string;
  price: number;
  quantity: number;
  total: number;
}

/** The order as every command and query returns it: JSON-safe, times as ISO strings (API `Order`). */
export interface OrderView {
  id: string;
  state: Exclude<OrderStatus, 'NEW'>;
  version: number;
  consumerId: string;
  restaurantId: string;
  restaurantName: string;
  lineItems: OrderLineItemView[];
  orderTotal: number;
  deliverAt: Instant;
  deliverTo: Address;
  /** Set only in REJECTED (DOMAIN §4.3). */
  rejectionReason: string | null;
  /** Set by approval. */
  ticketId: string | null;
  createdAt: Instant;
}

export function toOrderView(order: ExistingOrder, version: number): OrderView {
  const { street1, street2, city, state, zip } = order.deliverTo;
  return {
    id: order.id,
    state: order.status,
    version,
    consumerId: order.consumerId,
    restaurantId: order.restaurantId,
    restaurantName: order.restaurantName,
    lineItems: order.lineItems.map(({ menuItemId, name, price, quantity }) => ({ menuItemId, name, price, quantity, total: lineTotal({ price, quantity }) })),
    orderTotal: order.orderTotal,
    deliverAt: order.deliverAt,
    deliverTo: { street1, street2: street2 ?? null, city, state, zip },
    rejectionReason: order.rejectionReason,
    ticketId: order.ticketId,
    createdAt: order.createdAt,
  };
}

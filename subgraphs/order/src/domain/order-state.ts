import type { Address, Instant, MenuItemQuantity, order } from '@ftgo/schema';

export type OrderLineItem = order.OrderLineItem;

/** The revision awaiting its saga (DOMAIN §1.5 `pendingRevision`). */
export interface PendingRevision {
  revisedQuantities: MenuItemQuantity[];
  currentOrderTotal: number;
  newOrderTotal: number;
}

/** Fields every placed order has (DOMAIN §1.5 Fields; `status` is the DOMAIN's `state`, `version` is the stream's). */
export interface PlacedOrder {
  id: string;
  consumerId: string;
  restaurantId: string;
  restaurantName: string;
  /** Input order; a line's total is derived with `lineTotal`. */
  lineItems: OrderLineItem[];
  orderTotal: number;
  deliverAt: Instant;
  /** Copied at ordering; later address-book edits do not move it. */
  deliverTo: Address;
  createdAt: Instant;
}

/** NEW = no OrderCreated yet: to every command but CreateOrder the order is unknown. */
export type Order =
  | { status: 'NEW' }
  | (PlacedOrder & { status: 'APPROVAL_PENDING'; ticketId: null; rejectionReason: null; pendingRevision: null })
  | (PlacedOrder & { status: 'REJECTED'; ticketId: null; rejectionReason: string; pendingRevision: null })
  | (PlacedOrder & { status: 'APPROVED' | 'CANCEL_PENDING' | 'CANCELLED'; ticketId: string; rejectionReason: null; pendingRevision: null })
  | (PlacedOrder & { status: 'REVISION_PENDING'; ticketId: string; rejectionReason: null; pendingRevision: PendingRevision });

export type OrderStatus = Order['status'];
export type ExistingOrder = Exclude<Order, { status: 'NEW' }>;

export const initialState = (): Order => ({ status: 'NEW' });

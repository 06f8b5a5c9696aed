import type { Instant, order } from '@ftgo/schema';

export type OrderState = 'APPROVAL_PENDING' | 'APPROVED' | 'REJECTED' | 'CANCEL_PENDING' | 'CANCELLED' | 'REVISION_PENDING';

export type HistoryLineItem = order.OrderLineItem;

/** A row of `order_history.orders` (DOMAIN §5). */
export interface OrderHistoryEntry {
  orderId: string;
  consumerId: string;
  restaurantId: string;
  restaurantName: string;
  lineItems: HistoryLineItem[];
  orderTotal: number;
  state: OrderState;
  /** Set from OrderCreated, kept by OrderRevised (DOMAIN §5). */
  keywords: string[];
  /** The order's createdAt from OrderCreated, never projection time. */
  createdAt: Instant;
  /** occurredAt of the last applied event. */
  updatedAt: Instant;
  /** Version of the last applied Order event (DOMAIN §0 folding). */
  version: number;
}

/** API.graphql `OrderLineItem.total` = price × quantity (DOMAIN §0). */
export const lineTotal = (item: HistoryLineItem): number => item.price * item.quantity;

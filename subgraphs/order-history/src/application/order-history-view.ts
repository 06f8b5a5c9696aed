import type { OrderHistoryEntry, OrderState } from '../domain/index.js';
import { lineTotal } from '../domain/index.js';

export interface OrderHistoryLineItemView {
  menuItemId: string;
  name: string;
  price: number;
  quantity: number;
  /** price × quantity */
  total: number;
}

/** API.graphql `OrderHistoryEntry` (without `order`, which the order subgraph resolves). JSON-safe. */
export interface OrderHistoryView {
  orderId: string;
  consumerId: string;
  restaurantId: string;
  restaurantName: string;
  state: OrderState;
  orderTotal: number;
  lineItems: OrderHistoryLineItemView[];
  createdAt: string;
  updatedAt: string;
}

export const toOrderHistoryView = (e: OrderHistoryEntry): OrderHistoryView => ({
  orderId: e.orderId,
  consumerId: e.consumerId,
  restaurantId: e.restaurantId,
  restaurantName: e.restaurantName,
  state: e.state,
  orderTotal: e.orderTotal,
  lineItems: e.lineItems.map((item) => ({ menuItemId: item.menuItemId, name: item.name, price: item.price, quantity: item.quantity, total: lineTotal(item) })),
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

import { type OrderView, toOrderView } from './order-view.js';
import type { OrderReader } from './ports.js';

/** `order(id)`: null for an unknown or malformed id (DOMAIN §0). */
export function getOrder(orders: OrderReader) {
  return async (id: string): Promise<OrderView | null> => (await getOrders(orders)([id]))[0];
}

/** `ordersByIds(ids)`: one batch (entity references), in the order asked, null where unknown. */
export function getOrders(orders: OrderReader) {
  return async (ids: readonly string[]): Promise<(OrderView | null)[]> =>
    (await orders.findMany(ids)).map((loaded) => (loaded && loaded.order.status !== 'NEW' ? toOrderView(loaded.order, loaded.version) : null));
}

/** For the `sagaProgress` and `orderStateChanged` subscriptions: an unknown order is NOT_FOUND there. */
export function orderExists(orders: OrderReader) {
  return (id: string): Promise<boolean> => orders.exists(id);
}

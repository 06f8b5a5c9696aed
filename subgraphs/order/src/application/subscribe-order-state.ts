import { NotFound } from '@ftgo/schema';
import { ORDER_MESSAGES } from '../domain/index.js';
import { closingLive } from './live-iterator.js';
import { type OrderView, toOrderView } from './order-view.js';
import type { LiveFeed, LiveStream, OrderEventNotice, OrderReader } from './ports.js';

export interface SubscribeOrderStateDeps {
  orders: OrderReader;
  live: LiveFeed;
}

/**
 * API `Subscription.orderStateChanged(orderId)`: the order as it stands now, then the order after each event
 * that changed its state, one per such version, in version order. It listens first and only then loads the
 * order; a live event past the last version sent has every version since read from the event store, so
 * versions a live message skipped or that came in quick succession are each reported once, and an event
 * already covered is dropped. Unknown order: NOT_FOUND at once.
 */
export function subscribeOrderState(deps: SubscribeOrderStateDeps) {
  return async (orderId: string): Promise<AsyncIterableIterator<OrderView>> => {
    if (!(await deps.orders.exists(orderId))) throw new NotFound(ORDER_MESSAGES.orderNotFound);
    const live = await deps.live.orderEvents(orderId);
    return closingLive(live, stateChanges(deps.orders, orderId, live));
  };
}

async function* stateChanges(orders: OrderReader, orderId: string, live: LiveStream<OrderEventNotice>): AsyncGenerator<OrderView, void, undefined> {
  try {
    const [current] = await orders.findMany([orderId]);
    if (!current || current.order.status === 'NEW') return; // exists() saw it: orders are never deleted
    let last = toOrderView(current.order, current.version);
    yield last;
    for await (const notice of live) {
      if (notice.version <= last.version) continue;
      for (const loaded of await orders.versionsAfter(orderId, last.version)) {
        if (loaded.order.status === 'NEW') continue;
        const view = toOrderView(loaded.order, loaded.version);
        const changed = view.state !== last.state;
        last = view;
        if (changed) yield view;
      }
    }
  } finally {
    await live.close();
  }
}

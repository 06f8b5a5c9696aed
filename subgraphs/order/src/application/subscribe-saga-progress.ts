import { NotFound, type saga } from '@ftgo/schema';
import { ORDER_MESSAGES } from '../domain/index.js';
import { closingLive } from './live-iterator.js';
import type { LiveFeed, LiveStream, OrderReader, SagaReader } from './ports.js';
import { type SagaProgressView, toSagaProgressView } from './saga-view.js';

export interface SubscribeSagaProgressDeps {
  orders: OrderReader;
  sagas: SagaReader;
  live: LiveFeed;
}

/**
 * API `Subscription.sagaProgress(orderId, after)` (DOMAIN §3.5): every progress row of the order with
 * `orderSequence > after`, all its sagas, in `orderSequence` order, with no gap and no duplicate, until the
 * client closes it. It listens first and only then reads the stored rows, so a row committed meanwhile is in
 * one or the other; live rows at or below the last one sent are dropped, and a live row that skips ahead (a
 * missed live message) has the rows before it read from the store. Unknown order: NOT_FOUND at once.
 */
export function subscribeSagaProgress(deps: SubscribeSagaProgressDeps) {
  return async (orderId: string, after?: number | null): Promise<AsyncIterableIterator<SagaProgressView>> => {
    if (!(await deps.orders.exists(orderId))) throw new NotFound(ORDER_MESSAGES.orderNotFound);
    const live = await deps.live.progress(orderId);
    return closingLive(live, progressFrom(deps.sagas, orderId, after ?? 0, live));
  };
}

async function* progressFrom(
  sagas: SagaReader,
  orderId: string,
  after: number,
  live: LiveStream<saga.SagaProgress>,
): AsyncGenerator<SagaProgressView, void, undefined> {
  let last = after;
  try {
    for (const row of await sagas.progressOfOrder(orderId, last)) {
      last = row.orderSequence;
      yield toSagaProgressView(row);
    }
    for await (const row of live) {
      if (row.orderSequence > last + 1) {
        // Rows are committed in orderSequence order, so the store has every row below this live one.
        for (const stored of await sagas.progressOfOrder(orderId, last)) {
          last = stored.orderSequence;
          yield toSagaProgressView(stored);
        }
      }
      if (row.orderSequence <= last) continue;
      last = row.orderSequence;
      yield toSagaProgressView(row);
    }
  } finally {
    await live.close();
  }
}

import { ident, type Queryable } from '@ftgo/infra';
import type { LoadedOrder, OrderReader } from '../application/ports.js';
import { type OrderEvent, orderDecider } from '../domain/index.js';
import type { OrderStore } from './pg-order-repository.js';

/**
 * Orders read outside a transaction, many at once (entity references) through `AggregateStore.loadMany`.
 * Stream ids are text, so a malformed id is simply an unknown one.
 */
export class PgOrderReader implements OrderReader {
  constructor(
    private readonly store: OrderStore,
    private readonly q: Queryable,
  ) {}

  async findMany(orderIds: readonly string[]): Promise<(LoadedOrder | null)[]> {
    const loaded = await this.store.loadMany(orderIds, this.q);
    return orderIds.map((id) => {
      const { state, version } = loaded.get(id)!;
      return state.status !== 'NEW' ? { order: state, version } : null;
    });
  }

  /** Folds the whole stream (an order has a few dozen events at most), keeping the states after `afterVersion`. */
  async versionsAfter(orderId: string, afterVersion: number): Promise<LoadedOrder[]> {
    const versions: LoadedOrder[] = [];
    let order = orderDecider.initialState();
    for (const { event, version } of await this.store.events.readStream<OrderEvent>(this.q, this.store.streamId(orderId))) {
      order = orderDecider.evolve(order, event);
      if (version > afterVersion) versions.push({ order, version });
    }
    return versions;
  }

  async exists(orderId: string): Promise<boolean> {
    const { rows } = await this.q.query(`SELECT 1 FROM ${ident(this.store.events.schema)}.events WHERE stream_id = $1 AND version = 1`, [
      this.store.streamId(orderId),
    ]);
    return rows.length > 0;
  }
}

import { ident, type Queryable } from '@ftgo/infra';
import type { LoadedOrder, OrderReader } from '../application/ports.js';
import { type Order, type OrderEvent, orderDecider } from '../domain/index.js';

/** The Order event stream's id, as the AggregateStore names it. */
const streamOf = (orderId: string): string => `Order-${orderId}`;

/**
 * Orders read outside a transaction, many at once (entity references): each stream's snapshot and the
 * events after it in two statements, folded with the decider's `evolve`. Stream ids are text, so a
 * malformed id is simply an unknown one.
 */
export class PgOrderReader implements OrderReader {
  private readonly events: string;
  private readonly snapshots: string;

  constructor(
    private readonly q: Queryable,
    schema: string,
  ) {
    this.events = `${ident(schema)}.events`;
    this.snapshots = `${ident(schema)}.snapshots`;
  }

  async findMany(orderIds: readonly string[]): Promise<(LoadedOrder | null)[]> {
    if (orderIds.length === 0) return [];
    const streams = [...new Set(orderIds.map(streamOf))];
    const { rows: snapshots } = await this.q.query<{ stream_id: string; version: number; state: Order }>(
      `SELECT stream_id, version, state FROM ${this.snapshots} WHERE stream_id = ANY($1::text[])`,
      [streams],
    );
    const { rows: events } = await this.q.query<{ stream_id: string; version: number; type: string; data: unknown }>(
      `SELECT e.stream_id, e.version, e.type, e.data
         FROM ${this.events} e LEFT JOIN ${this.snapshots} s USING (stream_id)
        WHERE e.stream_id = ANY($1::text[]) AND e.version > coalesce(s.version, 0)
        ORDER BY e.stream_id, e.version`,
      [streams],
    );
    const loaded = new Map<string, LoadedOrder>(snapshots.map((s) => [s.stream_id, { order: s.state, version: s.version }]));
    for (const e of events) {
      const current = loaded.get(e.stream_id) ?? { order: orderDecider.initialState(), version: 0 };
      loaded.set(e.stream_id, { order: orderDecider.evolve(current.order, { type: e.type, data: e.data } as OrderEvent), version: e.version });
    }
    return orderIds.map((id) => {
      const found = loaded.get(streamOf(id));
      return found && found.order.status !== 'NEW' ? found : null;
    });
  }

  /** Folds the whole stream (an order has a few dozen events at most), keeping the states after `afterVersion`. */
  async versionsAfter(orderId: string, afterVersion: number): Promise<LoadedOrder[]> {
    const { rows } = await this.q.query<{ version: number; type: string; data: unknown }>(
      `SELECT version, type, data FROM ${this.events} WHERE stream_id = $1 ORDER BY version`,
      [streamOf(orderId)],
    );
    const versions: LoadedOrder[] = [];
    let order = orderDecider.initialState();
    for (const e of rows) {
      order = orderDecider.evolve(order, { type: e.type, data: e.data } as OrderEvent);
      if (e.version > afterVersion) versions.push({ order, version: e.version });
    }
    return versions;
  }

  async exists(orderId: string): Promise<boolean> {
    const { rows } = await this.q.query(`SELECT 1 FROM ${this.events} WHERE stream_id = $1 AND version = 1`, [streamOf(orderId)]);
    return rows.length > 0;
  }
}

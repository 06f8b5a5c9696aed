import { ident, type Queryable } from '@ftgo/infra';
import type { OrderHistoryEntries, OrderHistorySearch } from '../application/index.js';
import type { HistoryLineItem, HistoryQuery, OrderHistoryEntry, OrderState } from '../domain/index.js';

const COLUMNS = 'order_id, consumer_id, restaurant_id, restaurant_name, line_items, order_total, state, keywords, created_at, updated_at, version';

interface EntryRow {
  [column: string]: unknown;
  order_id: string;
  consumer_id: string;
  restaurant_id: string;
  restaurant_name: string;
  line_items: HistoryLineItem[];
  order_total: number;
  state: OrderState;
  keywords: string[];
  created_at: Date;
  updated_at: Date;
  version: number;
}

const toEntry = (row: EntryRow): OrderHistoryEntry => ({
  orderId: row.order_id,
  consumerId: row.consumer_id,
  restaurantId: row.restaurant_id,
  restaurantName: row.restaurant_name,
  lineItems: row.line_items,
  orderTotal: row.order_total,
  state: row.state,
  keywords: row.keywords,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  version: row.version,
});

const values = (e: OrderHistoryEntry): unknown[] => [
  e.orderId,
  e.consumerId,
  e.restaurantId,
  e.restaurantName,
  JSON.stringify(e.lineItems),
  e.orderTotal,
  e.state,
  e.keywords,
  e.createdAt,
  e.updatedAt,
  e.version,
];

/** `order_history.orders`: the projection's writes (in the handler's transaction) and the history search. */
export class PgOrderHistory implements OrderHistoryEntries, OrderHistorySearch {
  private readonly table: string;

  constructor(
    private readonly q: Queryable,
    schema: string,
  ) {
    this.table = `${ident(schema)}.orders`;
  }

  async lock(orderId: string): Promise<OrderHistoryEntry | null> {
    const { rows } = await this.q.query<EntryRow>(`SELECT ${COLUMNS} FROM ${this.table} WHERE order_id = $1 FOR UPDATE`, [orderId]);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async insert(entry: OrderHistoryEntry): Promise<boolean> {
    const { rowCount } = await this.q.query(
      `INSERT INTO ${this.table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (order_id) DO NOTHING`,
      values(entry),
    );
    return rowCount === 1;
  }

  async update(entry: OrderHistoryEntry): Promise<void> {
    // consumer, restaurant, keywords and created_at come from OrderCreated and never change (DOMAIN §5).
    await this.q.query(`UPDATE ${this.table} SET line_items = $2, order_total = $3, state = $4, updated_at = $5, version = $6 WHERE order_id = $1`, [
      entry.orderId,
      JSON.stringify(entry.lineItems),
      entry.orderTotal,
      entry.state,
      entry.updatedAt,
      entry.version,
    ]);
  }

  /**
   * DOMAIN §5 in SQL, for every consumer at once: per consumer (a lateral join), `created_at > since`,
   * `keywords @> words` (all-match; [] matches all), state, then the keyset `(created_at, order_id) < cursor`
   * in the index's order, `limit` rows. Times are milliseconds on both sides (timestamptz(3), cursor at full
   * millisecond precision).
   */
  async search(consumerIds: readonly string[], query: Omit<HistoryQuery, 'consumerId'>, limit: number): Promise<OrderHistoryEntry[]> {
    const { rows } = await this.q.query<EntryRow>(
      `SELECT o.* FROM unnest($1::text[]) WITH ORDINALITY AS c(consumer_id, n)
        CROSS JOIN LATERAL (
          SELECT ${COLUMNS} FROM ${this.table}
           WHERE consumer_id = c.consumer_id
             AND ($2::timestamptz IS NULL OR created_at > $2::timestamptz)
             AND keywords @> $3::text[]
             AND ($4::text[] IS NULL OR state = ANY($4::text[]))
             AND ($5::timestamptz IS NULL OR (created_at, order_id) < ($5::timestamptz, $6::uuid))
           ORDER BY created_at DESC, order_id DESC
           LIMIT $7) o
        ORDER BY c.n, o.created_at DESC, o.order_id DESC`,
      [consumerIds, query.since, query.keywords, query.states, query.after?.createdAt ?? null, query.after?.orderId ?? null, limit],
    );
    return rows.map(toEntry);
  }
}

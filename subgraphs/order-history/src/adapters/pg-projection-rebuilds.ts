import { type Database, ident, isUniqueViolation, type Queryable } from '@ftgo/infra';
import { Conflict } from '@ftgo/schema';
import type { ProjectionRebuilds, RebuildView } from '../application/index.js';

interface RebuildRow {
  [column: string]: unknown;
  subscription: string;
  started_at: Date;
  finished_at: Date | null;
  target_orders: number;
  remaining_orders: number;
}

const toView = (row: RebuildRow): RebuildView => ({
  subscription: row.subscription,
  startedAt: row.started_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
  targetOrders: row.target_orders,
  remainingOrders: row.finished_at ? 0 : row.remaining_orders,
});

/** `projection_rebuilds` and their targets, beside `orders` in the order-history schema. */
export class PgProjectionRebuilds implements ProjectionRebuilds {
  private readonly rebuilds: string;
  private readonly targets: string;
  private readonly orders: string;
  private readonly inbox: string;

  constructor(
    private readonly db: Database,
    schema: string,
  ) {
    this.rebuilds = `${ident(schema)}.projection_rebuilds`;
    this.targets = `${ident(schema)}.projection_rebuild_targets`;
    this.orders = `${ident(schema)}.orders`;
    this.inbox = `${ident(schema)}.inbox`;
  }

  async begin(subscription: string, startedAt: Date): Promise<RebuildView> {
    try {
      return await this.db.transaction(async (tx) => {
        // Handlers wait until the projection is empty, so the target is exactly what it held.
        await tx.query(`LOCK TABLE ${this.orders} IN ACCESS EXCLUSIVE MODE`);
        await tx.query(`INSERT INTO ${this.rebuilds} (subscription, started_at, target_orders) VALUES ($1, $2, 0)`, [subscription, startedAt]);
        const { rowCount } = await tx.query(`INSERT INTO ${this.targets} (subscription, order_id, version) SELECT $1, order_id, version FROM ${this.orders}`, [
          subscription,
        ]);
        await tx.query(`UPDATE ${this.rebuilds} SET target_orders = $2 WHERE subscription = $1`, [subscription, rowCount ?? 0]);
        await tx.query(`TRUNCATE ${this.orders}`);
        return (await this.read(tx, subscription))!;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new Conflict('a rebuild is already running');
      throw error;
    }
  }

  find(subscription: string): Promise<RebuildView | null> {
    return this.read(this.db, subscription);
  }

  /** Subscriptions of rebuilds that have not finished: a restarted service resumes their replays. */
  async unfinished(): Promise<string[]> {
    const { rows } = await this.db.query<{ subscription: string }>(`SELECT subscription FROM ${this.rebuilds} WHERE finished_at IS NULL ORDER BY started_at`);
    return rows.map((r) => r.subscription);
  }

  /** Subscriptions of rebuilds finished from `since` until before `until`. */
  async finishedBetween(since: Date, until: Date): Promise<string[]> {
    const { rows } = await this.db.query<{ subscription: string }>(
      `SELECT subscription FROM ${this.rebuilds} WHERE finished_at >= $1 AND finished_at < $2 ORDER BY finished_at`,
      [since, until],
    );
    return rows.map((r) => r.subscription);
  }

  /**
   * Drops the targets the replay has reached; when none is left, marks the rebuild finished at
   * `at`. True when it is finished (or unknown, so there is nothing left to replay).
   */
  async finishIfCaughtUp(subscription: string, at: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ finished_at: Date | null }>(`SELECT finished_at FROM ${this.rebuilds} WHERE subscription = $1 FOR UPDATE`, [
        subscription,
      ]);
      if (!rows[0] || rows[0].finished_at) return true;
      await tx.query(
        `DELETE FROM ${this.targets} t USING ${this.orders} o
          WHERE t.subscription = $1 AND o.order_id = t.order_id AND o.version >= t.version`,
        [subscription],
      );
      const { rows: left } = await tx.query(`SELECT 1 FROM ${this.targets} WHERE subscription = $1 LIMIT 1`, [subscription]);
      if (left.length > 0) return false;
      await tx.query(`UPDATE ${this.rebuilds} SET finished_at = $2 WHERE subscription = $1`, [subscription, at]);
      return true;
    });
  }

  /** A finished replay's inbox claims serve no purpose any more (its subscription name is never used again). */
  async forgetInbox(consumer: string): Promise<void> {
    await this.db.query(`DELETE FROM ${this.inbox} WHERE consumer = $1`, [consumer]);
  }

  private async read(q: Queryable, subscription: string): Promise<RebuildView | null> {
    const { rows } = await q.query<RebuildRow>(
      `SELECT r.subscription, r.started_at, r.finished_at, r.target_orders,
              (SELECT count(*) FROM ${this.targets} t LEFT JOIN ${this.orders} o ON o.order_id = t.order_id
                WHERE t.subscription = r.subscription AND (o.order_id IS NULL OR o.version < t.version))::int AS remaining_orders
         FROM ${this.rebuilds} r WHERE r.subscription = $1`,
      [subscription],
    );
    return rows[0] ? toView(rows[0]) : null;
  }
}

import { ident, type Queryable } from '@ftgo/infra';
import { isUuid, type MenuItem } from '@ftgo/schema';
import type { RestaurantReplica, RestaurantReplicas } from '../application/ports.js';

/** `restaurant_replicas`: the kitchen's full-state copies of restaurants, at the source's row version. */
export class PgRestaurantReplicas implements RestaurantReplicas {
  private readonly table: string;

  constructor(
    private readonly q: Queryable,
    schema: string,
  ) {
    this.table = `${ident(schema)}.restaurant_replicas`;
  }

  async find(restaurantId: string): Promise<RestaurantReplica | null> {
    if (!isUuid(restaurantId)) return null;
    const { rows } = await this.q.query<{ restaurant_id: string; name: string; menu: MenuItem[]; version: number }>(
      `SELECT restaurant_id, name, menu, version FROM ${this.table} WHERE restaurant_id = $1`,
      [restaurantId],
    );
    const row = rows[0];
    return row ? { restaurantId: row.restaurant_id, name: row.name, menu: row.menu, version: row.version } : null;
  }

  /** DOMAIN §0, full-state copies: one statement, so two deliveries of one restaurant cannot both win. */
  async saveIfNewer({ restaurantId, name, menu, version }: RestaurantReplica): Promise<boolean> {
    const result = await this.q.query(
      `INSERT INTO ${this.table} AS r (restaurant_id, name, menu, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (restaurant_id) DO UPDATE SET name = EXCLUDED.name, menu = EXCLUDED.menu, version = EXCLUDED.version
       WHERE r.version < EXCLUDED.version`,
      [restaurantId, name, JSON.stringify(menu), version],
    );
    return result.rowCount === 1;
  }
}

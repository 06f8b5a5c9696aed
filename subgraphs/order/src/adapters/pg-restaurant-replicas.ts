import { ident, type Queryable } from '@ftgo/infra';
import type { MenuItem } from '@ftgo/schema';
import type { RestaurantReplica, RestaurantReplicas } from '../application/ports.js';

/** `restaurant_replicas(restaurant_id, name, menu, version)`; ids are the restaurant service's, kept as text. */
export class PgRestaurantReplicas implements RestaurantReplicas {
  private readonly table: string;

  constructor(
    private readonly q: Queryable,
    schema: string,
  ) {
    this.table = `${ident(schema)}.restaurant_replicas`;
  }

  async find(restaurantId: string): Promise<RestaurantReplica | null> {
    const { rows } = await this.q.query<{ restaurant_id: string; name: string; menu: MenuItem[]; version: number }>(
      `SELECT restaurant_id, name, menu, version FROM ${this.table} WHERE restaurant_id = $1`,
      [restaurantId],
    );
    const row = rows[0];
    return row ? { id: row.restaurant_id, name: row.name, menu: row.menu, version: row.version } : null;
  }

  async save(replica: RestaurantReplica): Promise<void> {
    const menu = replica.menu.map(({ id, name, price }) => ({ id, name, price }));
    await this.q.query(
      `INSERT INTO ${this.table} (restaurant_id, name, menu, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (restaurant_id) DO UPDATE SET name = EXCLUDED.name, menu = EXCLUDED.menu, version = EXCLUDED.version
       WHERE ${this.table}.version < EXCLUDED.version`,
      [replica.id, replica.name, JSON.stringify(menu), replica.version],
    );
  }
}

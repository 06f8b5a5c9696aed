import { ident, type Queryable } from '@ftgo/infra';
import { type Address, isUuid } from '@ftgo/schema';
import type { RestaurantReplica, RestaurantReplicaRepository } from '../application/ports.js';

/** `restaurant_replicas` in the delivery schema: id, name, address and the source version. */
export class PgRestaurantReplicas implements RestaurantReplicaRepository {
  private readonly table: string;

  constructor(
    private readonly q: Queryable,
    schema: string,
  ) {
    this.table = `${ident(schema)}.restaurant_replicas`;
  }

  async find(restaurantId: string): Promise<RestaurantReplica | null> {
    if (!isUuid(restaurantId)) return null;
    const { rows } = await this.q.query(`SELECT restaurant_id, name, address FROM ${this.table} WHERE restaurant_id = $1`, [restaurantId]);
    const row = rows[0];
    return row ? { restaurantId: row.restaurant_id as string, name: row.name as string, address: row.address as Address } : null;
  }

  /** DOMAIN §0: a full-state copy applies when v > last (a first version of any number inserts). */
  async applyIfNewer(restaurant: RestaurantReplica, version: number): Promise<boolean> {
    const result = await this.q.query(
      `INSERT INTO ${this.table} AS r (restaurant_id, name, address, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (restaurant_id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address, version = EXCLUDED.version
       WHERE r.version < EXCLUDED.version`,
      [restaurant.restaurantId, restaurant.name, JSON.stringify(restaurant.address), version],
    );
    return result.rowCount === 1;
  }
}

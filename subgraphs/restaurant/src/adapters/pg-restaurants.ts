import { type IdSource, ident, type MessageFactory, Outbox, type Queryable } from '@ftgo/infra';
import { type Address, restaurant as contracts, type MenuItem } from '@ftgo/schema';
import type { RestaurantReads, RestaurantRepository } from '../application/index.js';
import { isRestaurantId } from '../application/index.js';
import type { Restaurant, RestaurantChange, RestaurantCursor } from '../domain/index.js';

const COLUMNS = 'id, name, address, menu, version, created_at, updated_at';

// The same expression as the index `restaurants_by_name` and the domain's comparison (DOMAIN §1.4).
const SORT_KEY = `lower(name) COLLATE "C"`;

interface RestaurantRow {
  [column: string]: unknown;
  id: string;
  name: string;
  address: Address;
  menu: MenuItem[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toRestaurant = (row: RestaurantRow): Restaurant => ({
  id: row.id,
  name: row.name,
  address: row.address,
  menu: row.menu,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** `restaurant.restaurants` inside a mutation's transaction, writing each change's event to the outbox. */
export class PgRestaurantRepository implements RestaurantRepository {
  private readonly table: string;
  private readonly outbox: Outbox;

  constructor(
    private readonly tx: Queryable,
    schema: string,
    private readonly messages: MessageFactory,
    private readonly ids: IdSource,
  ) {
    this.table = `${ident(schema)}.restaurants`;
    this.outbox = new Outbox(schema);
  }

  async findForUpdate(id: string): Promise<Restaurant | null> {
    // DOMAIN §0: a malformed id is an unknown id, never a database error on the uuid column.
    if (!isRestaurantId(id)) return null;
    const { rows } = await this.tx.query<RestaurantRow>(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toRestaurant(rows[0]) : null;
  }

  async save({ restaurant: r, event }: RestaurantChange): Promise<void> {
    if (r.version === 1) {
      await this.tx.query(`INSERT INTO ${this.table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        r.id,
        r.name,
        JSON.stringify(r.address),
        JSON.stringify(r.menu),
        r.version,
        r.createdAt,
        r.updatedAt,
      ]);
    } else {
      // Name, address and created_at never change (DOMAIN §1.4); the version must follow the one read.
      const { rowCount } = await this.tx.query(`UPDATE ${this.table} SET menu = $2, version = $3, updated_at = $4 WHERE id = $1 AND version = $3 - 1`, [
        r.id,
        JSON.stringify(r.menu),
        r.version,
        r.updatedAt,
      ]);
      if (rowCount !== 1) throw new Error(`restaurant ${r.id} is not at version ${r.version - 1}`);
    }
    const type = event.type === 'RestaurantCreated' ? contracts.RestaurantCreated : contracts.RestaurantMenuRevised;
    // DOMAIN §0: payload = the event's data plus occurredAt; aggregate version = row version.
    const message = this.messages.event(type, { id: r.id, version: r.version }, { ...event.data, occurredAt: r.updatedAt }, {}, this.ids);
    await this.outbox.append(this.tx, [message]);
  }
}

/** Reads of `restaurant.restaurants`. */
export class PgRestaurantReads implements RestaurantReads {
  private readonly table: string;

  constructor(
    private readonly db: Queryable,
    schema: string,
  ) {
    this.table = `${ident(schema)}.restaurants`;
  }

  async byId(id: string): Promise<Restaurant | null> {
    if (!isRestaurantId(id)) return null;
    const { rows } = await this.db.query<RestaurantRow>(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0] ? toRestaurant(rows[0]) : null;
  }

  async byIds(ids: readonly string[]): Promise<Restaurant[]> {
    const wanted = ids.filter(isRestaurantId);
    if (wanted.length === 0) return [];
    const { rows } = await this.db.query<RestaurantRow>(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = ANY($1::uuid[])`, [wanted]);
    return rows.map(toRestaurant);
  }

  async page(after: RestaurantCursor | null, limit: number): Promise<Restaurant[]> {
    // The cursor keeps the name as stored, so both sides go through the same lower().
    const { rows } = after
      ? await this.db.query<RestaurantRow>(
          `SELECT ${COLUMNS} FROM ${this.table}
            WHERE (${SORT_KEY}, id) > (lower($1::text) COLLATE "C", $2::uuid)
            ORDER BY ${SORT_KEY}, id LIMIT $3`,
          [after.name, after.id, limit],
        )
      : await this.db.query<RestaurantRow>(`SELECT ${COLUMNS} FROM ${this.table} ORDER BY ${SORT_KEY}, id LIMIT $1`, [limit]);
    return rows.map(toRestaurant);
  }
}

import { ident, type Queryable, type Row } from '@ftgo/infra';
import { type Address, isUuid } from '@ftgo/schema';
import type { DeliveryRepository, LockOption } from '../application/ports.js';
import type { Delivery, DeliveryStatus } from '../domain/index.js';

const COLUMNS = 'id, restaurant_id, pickup_address, delivery_address, status, ready_by, ready_for_pickup_at, courier_id, picked_up_at, delivered_at, version';

const instant = (value: unknown): string | null => (value === null ? null : (value as Date).toISOString());

function toDelivery(row: Row): Delivery {
  return {
    id: row.id as string,
    restaurantId: row.restaurant_id as string,
    pickupAddress: row.pickup_address as Address,
    deliveryAddress: row.delivery_address as Address,
    status: row.status as DeliveryStatus,
    readyBy: instant(row.ready_by),
    readyForPickupAt: instant(row.ready_for_pickup_at),
    courierId: row.courier_id as string | null,
    pickedUpAt: instant(row.picked_up_at),
    deliveredAt: instant(row.delivered_at),
    version: row.version as number,
  };
}

/** `deliveries` in the delivery schema, through the pool or one transaction. */
export class PgDeliveries implements DeliveryRepository {
  private readonly table: string;

  constructor(
    private readonly q: Queryable,
    schema: string,
  ) {
    this.table = `${ident(schema)}.deliveries`;
  }

  async find(id: string, options: LockOption = {}): Promise<Delivery | null> {
    if (!isUuid(id)) return null;
    const { rows } = await this.q.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async findMany(ids: readonly string[]): Promise<Delivery[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const { rows } = await this.q.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = ANY($1::uuid[])`, [valid]);
    return rows.map(toDelivery);
  }

  async awaitingCourier(): Promise<Delivery[]> {
    const { rows } = await this.q.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE status = 'PENDING' AND ready_by IS NOT NULL ORDER BY ready_by, id FOR UPDATE`,
    );
    return rows.map(toDelivery);
  }

  async insert(d: Delivery): Promise<boolean> {
    const result = await this.q.query(
      `INSERT INTO ${this.table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
      [
        d.id,
        d.restaurantId,
        JSON.stringify(d.pickupAddress),
        JSON.stringify(d.deliveryAddress),
        d.status,
        d.readyBy,
        d.readyForPickupAt,
        d.courierId,
        d.pickedUpAt,
        d.deliveredAt,
        d.version,
      ],
    );
    return result.rowCount === 1;
  }

  async update(d: Delivery): Promise<void> {
    // Addresses and restaurant never change after creation.
    await this.q.query(
      `UPDATE ${this.table}
          SET status = $2, ready_by = $3, ready_for_pickup_at = $4, courier_id = $5, picked_up_at = $6, delivered_at = $7, version = $8, updated_at = now()
        WHERE id = $1`,
      [d.id, d.status, d.readyBy, d.readyForPickupAt, d.courierId, d.pickedUpAt, d.deliveredAt, d.version],
    );
  }
}

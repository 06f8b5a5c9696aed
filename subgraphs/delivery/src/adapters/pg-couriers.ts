import { ident, type Queryable, type Row } from '@ftgo/infra';
import type { CourierRepository, LockOption } from '../application/ports.js';
import type { Courier, CourierAction } from '../domain/index.js';

const toCourier = (row: Row): Courier => ({ id: row.id as string, available: row.available as boolean, plan: row.plan as CourierAction[] });

/** `couriers` in the delivery schema, through the pool or one transaction. */
export class PgCouriers implements CourierRepository {
  private readonly table: string;
  private readonly assignmentLock: string;

  constructor(
    private readonly q: Queryable,
    schema: string,
  ) {
    this.table = `${ident(schema)}.couriers`;
    this.assignmentLock = `ftgo:delivery-assignment:${schema}`;
  }

  async find(id: string, options: LockOption = {}): Promise<Courier | null> {
    const { rows } = await this.q.query(`SELECT id, available, plan FROM ${this.table} WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toCourier(rows[0]) : null;
  }

  async findMany(ids: readonly string[]): Promise<Courier[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.q.query(`SELECT id, available, plan FROM ${this.table} WHERE id = ANY($1::text[])`, [[...new Set(ids)]]);
    return rows.map(toCourier);
  }

  /**
   * DOMAIN §4.1, assignment is serialised: row locks alone cannot stop a new courier (an insert)
   * and a delivery starting to await from missing each other, so every assignment first takes
   * this transaction-scoped advisory lock, then locks the courier rows it reads.
   */
  async lockAssignment(): Promise<void> {
    await this.q.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [this.assignmentLock]);
  }

  async available(): Promise<Courier[]> {
    const { rows } = await this.q.query(`SELECT id, available, plan FROM ${this.table} WHERE available ORDER BY id FOR UPDATE`);
    return rows.map(toCourier);
  }

  async save(courier: Courier): Promise<void> {
    await this.q.query(
      `INSERT INTO ${this.table} (id, available, plan) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET available = EXCLUDED.available, plan = EXCLUDED.plan, updated_at = now()`,
      [courier.id, courier.available, JSON.stringify(courier.plan)],
    );
  }
}

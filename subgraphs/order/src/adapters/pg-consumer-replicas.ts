import { ident, type Queryable } from '@ftgo/infra';
import { type Address, Transient } from '@ftgo/schema';
import type { ConsumerReplicas } from '../application/ports.js';
import type { ConsumerReplica } from '../domain/index.js';

/**
 * `consumer_replicas(consumer_id, name, addresses, version)`. `addresses` is a jsonb ARRAY of
 * `{addressId, address}`, so the consumer's insertion order survives (a jsonb object would sort its keys).
 */
export class PgConsumerReplicas implements ConsumerReplicas {
  private readonly table: string;

  constructor(
    private readonly q: Queryable,
    schema: string,
  ) {
    this.table = `${ident(schema)}.consumer_replicas`;
  }

  async find(consumerId: string): Promise<ConsumerReplica | null> {
    const { rows } = await this.q.query<{ consumer_id: string; name: string; addresses: { addressId: string; address: Address }[]; version: number }>(
      `SELECT consumer_id, name, addresses, version FROM ${this.table} WHERE consumer_id = $1`,
      [consumerId],
    );
    const row = rows[0];
    return row ? { consumerId: row.consumer_id, name: row.name, addresses: row.addresses, version: row.version } : null;
  }

  async save(replica: ConsumerReplica, previousVersion: number): Promise<void> {
    const { rowCount } = await this.q.query(
      `INSERT INTO ${this.table} (consumer_id, name, addresses, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (consumer_id) DO UPDATE SET name = EXCLUDED.name, addresses = EXCLUDED.addresses, version = EXCLUDED.version
       WHERE ${this.table}.version = $5`,
      [replica.consumerId, replica.name, JSON.stringify(replica.addresses), replica.version, previousVersion],
    );
    if (rowCount !== 1) throw new Transient(`consumer ${replica.consumerId}: replica moved past version ${previousVersion} meanwhile`);
  }
}

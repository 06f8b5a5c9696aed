import { ident, type Queryable } from '@ftgo/infra';
import type { ConsumerDirectory } from '../application/ports.js';

/** `consumer_replicas` read outside any transaction, many consumers in one statement (ids are text: any id is fine). */
export class PgConsumerDirectory implements ConsumerDirectory {
  private readonly table: string;

  constructor(
    private readonly q: Queryable,
    schema: string,
  ) {
    this.table = `${ident(schema)}.consumer_replicas`;
  }

  async known(consumerIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (consumerIds.length === 0) return new Set();
    const { rows } = await this.q.query<{ consumer_id: string }>(`SELECT consumer_id FROM ${this.table} WHERE consumer_id = ANY($1::text[])`, [
      [...new Set(consumerIds)],
    ]);
    return new Set(rows.map((r) => r.consumer_id));
  }
}

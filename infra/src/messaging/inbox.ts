import { ident, type Queryable } from '../postgres/database.js';

/**
 * Exactly-once effects over at-least-once delivery: a handler's transaction first claims
 * (consumer, message id); a message already claimed is skipped, its effects committed before.
 */
export class Inbox {
  private readonly table: string;

  constructor(readonly schema: string) {
    this.table = `${ident(schema)}.inbox`;
  }

  /** True when this is the first time `consumer` handles `messageId` (in `tx`). */
  async claim(tx: Queryable, consumer: string, messageId: string): Promise<boolean> {
    const result = await tx.query(`INSERT INTO ${this.table} (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [consumer, messageId]);
    return result.rowCount === 1;
  }
}

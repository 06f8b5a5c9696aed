import { createHash } from 'node:crypto';
import { Conflict } from '@ftgo/schema';
import { idempotentIds, type IdSource, randomIds } from './messaging/message-factory.js';
import { type Database, ident, type Transaction } from './postgres/database.js';

/**
 * DESIGN, Idempotency: a mutation's `Idempotency-Key` is stored with its response in the command's
 * transaction; a repeat gets the stored response, the same key with another request is CONFLICT.
 * Message ids of the command derive from the key, so a retry yields the same `Nats-Msg-Id`s.
 */
export class IdempotencyKeys {
  private readonly table: string;

  constructor(
    private readonly db: Database,
    schema: string,
  ) {
    this.table = `${ident(schema)}.idempotency_keys`;
  }

  async run<T>(operation: string, key: string | undefined, request: unknown, work: (tx: Transaction, ids: IdSource) => Promise<T>): Promise<T> {
    if (!key) return this.db.transaction((tx) => work(tx, randomIds));
    const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    return this.db.transaction(async (tx) => {
      // Concurrent requests with one key queue here; the first to commit answers the rest.
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`ftgo:idempotency:${this.table}:${operation}:${key}`]);
      const { rows } = await tx.query<{ request_hash: string; response: T }>(
        `SELECT request_hash, response FROM ${this.table} WHERE operation = $1 AND key = $2`,
        [operation, key],
      );
      if (rows[0]) {
        if (rows[0].request_hash !== hash) throw new Conflict('idempotency key was used with a different request');
        return rows[0].response;
      }
      const response = await work(tx, idempotentIds(key));
      await tx.query(`INSERT INTO ${this.table} (operation, key, request_hash, response) VALUES ($1, $2, $3, $4)`, [
        operation,
        key,
        hash,
        JSON.stringify(response),
      ]);
      return response;
    });
  }
}

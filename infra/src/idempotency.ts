import { createHash } from 'node:crypto';
import { Conflict } from '@ftgo/schema';
import { ConcurrencyError } from './es/event-store.js';
import { type IdSource, idempotentIds, randomIds } from './messaging/message-factory.js';
import { type Database, ident, type Transaction } from './postgres/database.js';

const CONFLICT_ATTEMPTS = 5;

/**
 * DESIGN, Idempotency: a mutation's `Idempotency-Key` is stored with its response in the command's
 * transaction; a repeat gets the stored response, the same key with another request is CONFLICT.
 * Message ids of the command derive from operation and key (`idempotentIds(\`${operation}:${key}\`)`),
 * so a retry yields the same `Nats-Msg-Id`s.
 *
 * The response is stored as JSON, and every caller, the first included, gets that JSON back
 * (a `Date` becomes its ISO string, `undefined` becomes `null`): a retry sees exactly what the
 * first call saw. Requests are compared by value, object keys in any order.
 */
export class IdempotencyKeys {
  private readonly table: string;

  constructor(
    private readonly db: Database,
    schema: string,
  ) {
    this.table = `${ident(schema)}.idempotency_keys`;
  }

  /**
   * Runs `work` once per (operation, key) in one transaction with the key's record. A version
   * conflict in the work (an aggregate appended with `{ tx }`) reruns the whole transaction from
   * the start, with the ids restarted, as `AggregateStore.handle` does on its own.
   */
  async run<T>(operation: string, key: string | undefined, request: unknown, work: (tx: Transaction, ids: IdSource) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(operation, key, request, work);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= CONFLICT_ATTEMPTS) throw error;
      }
    }
  }

  private once<T>(operation: string, key: string | undefined, request: unknown, work: (tx: Transaction, ids: IdSource) => Promise<T>): Promise<T> {
    if (!key) return this.db.transaction((tx) => work(tx, randomIds));
    const hash = createHash('sha256').update(canonicalJson(request)).digest('hex');
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
      // Scoped by operation: one key reused for another operation must not repeat its message ids
      // (JetStream and every inbox would drop them as duplicates).
      const response = await work(tx, idempotentIds(`${operation}:${key}`));
      const stored = JSON.stringify(response === undefined ? null : response);
      await tx.query(`INSERT INTO ${this.table} (operation, key, request_hash, response) VALUES ($1, $2, $3, $4)`, [operation, key, hash, stored]);
      return JSON.parse(stored) as T;
    });
  }
}

/** JSON with object keys sorted at every depth; `undefined` (no request) is `null`. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

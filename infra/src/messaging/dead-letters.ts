import type { Envelope } from '@ftgo/schema';
import { type Database, ident, type Queryable } from '../postgres/database.js';

export interface DeadLetter {
  id: number;
  consumer: string;
  messageId: string;
  aggregateId: string;
  status: 'DEAD' | 'PARKED';
  envelope: Envelope;
  error: string | null;
  attempts: number;
}

/**
 * Messages a consumer gave up on, in a service schema's `dead_letters`. For ordered subscriptions
 * later messages of the same aggregate are parked behind an open dead letter (sequenced, as Axon
 * does), so a projection never applies version 7 over a missing 6.
 */
export class DeadLetters {
  private readonly table: string;

  constructor(
    private readonly db: Database,
    schema: string,
  ) {
    this.table = `${ident(schema)}.dead_letters`;
  }

  async record(consumer: string, envelope: Envelope, status: DeadLetter['status'], error: string | null, attempts: number, tx: Queryable = this.db) {
    await tx.query(`INSERT INTO ${this.table} (consumer, message_id, aggregate_id, status, envelope, error, attempts) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      consumer,
      envelope.id,
      envelope.aggregateId,
      status,
      JSON.stringify(envelope),
      error,
      attempts,
    ]);
  }

  /** Aggregates with an open dead letter for `consumer`: their later messages are parked. */
  async blockedAggregates(consumer: string): Promise<Set<string>> {
    const { rows } = await this.db.query<{ aggregate_id: string }>(
      `SELECT DISTINCT aggregate_id FROM ${this.table} WHERE consumer = $1 AND resolved_at IS NULL`,
      [consumer],
    );
    return new Set(rows.map((r) => r.aggregate_id));
  }

  async open(consumer: string): Promise<DeadLetter[]> {
    const { rows } = await this.db.query(
      `SELECT id, consumer, message_id, aggregate_id, status, envelope, error, attempts FROM ${this.table}
       WHERE consumer = $1 AND resolved_at IS NULL ORDER BY id`,
      [consumer],
    );
    return rows.map((r) => ({
      id: r.id as number,
      consumer: r.consumer as string,
      messageId: r.message_id as string,
      aggregateId: r.aggregate_id as string,
      status: r.status as DeadLetter['status'],
      envelope: r.envelope as Envelope,
      error: r.error as string | null,
      attempts: r.attempts as number,
    }));
  }

  /**
   * Operator's way out: hand every open letter of `consumer` to `handle` again, oldest first, and
   * resolve each that succeeds; an aggregate stays blocked behind its first letter that fails again.
   */
  async retry(consumer: string, handle: (envelope: Envelope) => Promise<void>): Promise<{ retried: number; failed: number }> {
    const stuck = new Set<string>();
    let retried = 0;
    let failed = 0;
    for (const letter of await this.open(consumer)) {
      if (stuck.has(letter.aggregateId)) continue;
      try {
        await handle(letter.envelope);
        await this.resolve(letter.id, 'RETRIED');
        retried++;
      } catch (error) {
        stuck.add(letter.aggregateId);
        failed++;
        await this.db.query(`UPDATE ${this.table} SET error = $2, attempts = attempts + 1 WHERE id = $1`, [letter.id, String(error)]);
      }
    }
    return { retried, failed };
  }

  async resolve(id: number, resolution: 'RETRIED' | 'DISCARDED'): Promise<void> {
    await this.db.query(`UPDATE ${this.table} SET resolved_at = now(), resolution = $2 WHERE id = $1`, [id, resolution]);
  }
}

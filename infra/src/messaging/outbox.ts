import { type Envelope, partitionOf } from '@ftgo/schema';
import { ident, type Queryable } from '../postgres/database.js';

/** The NOTIFY channel that wakes the relay of a schema. */
export const outboxChannel = (schema: string): string => `ftgo_outbox:${schema}`;

/** One row of the outbox as the relay reads it. */
export interface OutboxRow {
  seq: number;
  envelope: Envelope;
  partition: number;
}

/**
 * The transactional outbox of one service schema. `append` runs in the caller's transaction, so
 * a message exists exactly when the state change that produced it committed.
 */
export class Outbox {
  private readonly table: string;

  constructor(readonly schema: string) {
    this.table = `${ident(schema)}.outbox`;
  }

  async append(tx: Queryable, messages: Envelope[]): Promise<void> {
    if (messages.length === 0) return;
    const column = <T>(pick: (m: Envelope) => T) => messages.map(pick);
    await tx.query(
      `INSERT INTO ${this.table} (id, subject, type, source, aggregate_type, aggregate_id, aggregate_version, partition, payload, headers)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::smallint[], $9::jsonb[], $10::jsonb[])`,
      [
        column((m) => m.id),
        column((m) => m.subject),
        column((m) => m.type),
        column((m) => m.source),
        column((m) => m.aggregateType),
        column((m) => m.aggregateId),
        column((m) => m.aggregateVersion),
        column((m) => partitionOf(m.aggregateId)),
        column((m) => JSON.stringify(m.payload)),
        column((m) => JSON.stringify(m.headers)),
      ],
    );
    // Delivered at commit, and only once per transaction however often it is sent.
    await tx.query("SELECT pg_notify($1, '')", [outboxChannel(this.schema)]);
  }
}

/** Maps a selected outbox row back to its envelope. */
export function envelopeOf(row: Record<string, unknown>): Envelope {
  return {
    id: row.id as string,
    type: row.type as string,
    source: row.source as string,
    subject: row.subject as string,
    aggregateType: row.aggregate_type as string,
    aggregateId: row.aggregate_id as string,
    aggregateVersion: (row.aggregate_version as number | null) ?? null,
    payload: row.payload,
    headers: (row.headers as Envelope['headers']) ?? {},
  };
}

export const toOutboxRow = (row: Record<string, unknown>): OutboxRow => ({
  seq: row.seq as number,
  partition: row.partition as number,
  envelope: envelopeOf(row),
});

export const OUTBOX_COLUMNS = 'seq, id, subject, type, source, aggregate_type, aggregate_id, aggregate_version, partition, payload, headers';

import { type Database, ident, isUniqueViolation, type Queryable } from '../postgres/database.js';

export interface NewEvent {
  type: string;
  data: unknown;
}

export interface RecordedEvent<E extends NewEvent = NewEvent> {
  event: E;
  version: number;
  recordedAt: Date;
}

/** Appending at an expected version that another writer took first (or that the stream has not reached). */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} is not at version ${expectedVersion}`);
    this.name = 'ConcurrencyError';
  }
}

/** `events` and `snapshots` of one service schema. */
export class EventStore {
  private readonly events: string;
  private readonly snapshots: string;

  constructor(
    readonly db: Database,
    readonly schema: string,
  ) {
    this.events = `${ident(schema)}.events`;
    this.snapshots = `${ident(schema)}.snapshots`;
  }

  /**
   * Appends `events` after `expectedVersion` (0 for a new stream). The unique (stream, version) key
   * decides races; an expected version beyond the stream's end is a conflict too, never a gap.
   */
  async append<E extends NewEvent>(tx: Queryable, streamId: string, expectedVersion: number, events: E[], metadata: object = {}): Promise<RecordedEvent<E>[]> {
    if (events.length === 0) return [];
    try {
      const { rows } = await tx.query<{ version: number; recorded_at: Date }>(
        `INSERT INTO ${this.events} (stream_id, version, type, data, metadata)
         SELECT $1, $2::int + n, t, d, $5 FROM unnest($3::text[], $4::jsonb[]) WITH ORDINALITY AS e(t, d, n)
          WHERE $2::int = 0 OR EXISTS (SELECT 1 FROM ${this.events} WHERE stream_id = $1 AND version = $2::int)
         RETURNING version, recorded_at`,
        [streamId, expectedVersion, events.map((e) => e.type), events.map((e) => JSON.stringify(e.data ?? null)), JSON.stringify(metadata)],
      );
      if (rows.length !== events.length) throw new ConcurrencyError(streamId, expectedVersion);
      return rows.sort((a, b) => a.version - b.version).map((row, i) => ({ event: events[i], version: row.version, recordedAt: row.recorded_at }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConcurrencyError(streamId, expectedVersion);
      throw error;
    }
  }

  async readStream<E extends NewEvent>(q: Queryable, streamId: string, afterVersion = 0): Promise<RecordedEvent<E>[]> {
    const { rows } = await q.query<{ version: number; type: string; data: unknown; recorded_at: Date }>(
      `SELECT version, type, data, recorded_at FROM ${this.events} WHERE stream_id = $1 AND version > $2 ORDER BY version`,
      [streamId, afterVersion],
    );
    return rows.map((r) => ({ event: { type: r.type, data: r.data } as E, version: r.version, recordedAt: r.recorded_at }));
  }

  async readSnapshot<S>(q: Queryable, streamId: string): Promise<{ state: S; version: number } | null> {
    const { rows } = await q.query<{ state: S; version: number }>(`SELECT state, version FROM ${this.snapshots} WHERE stream_id = $1`, [streamId]);
    return rows[0] ?? null;
  }

  async writeSnapshot(tx: Queryable, streamId: string, version: number, state: unknown): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.snapshots} (stream_id, version, state) VALUES ($1, $2, $3)
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, recorded_at = now()
       WHERE ${this.snapshots}.version < EXCLUDED.version`,
      [streamId, version, JSON.stringify(state)],
    );
  }
}

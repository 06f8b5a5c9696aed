import type { Envelope } from '@ftgo/schema';
import { type IdSource, type MessageContext, type MessageFactory, randomIds } from '../messaging/message-factory.js';
import { Outbox } from '../messaging/outbox.js';
import { type Database, ident, type Queryable, type Transaction } from '../postgres/database.js';
import { ConcurrencyError, EventStore, type NewEvent, type RecordedEvent } from './event-store.js';

/** An event-sourced aggregate's three functions (STYLE.md §2). The state must survive JSON (snapshots). */
export interface Decider<S, C, E extends NewEvent> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export interface Loaded<S> {
  state: S;
  version: number;
}

export interface Handled<S, E extends NewEvent> extends Loaded<S> {
  events: RecordedEvent<E>[];
}

export interface HandleOptions {
  /** Run in the caller's transaction (no retry here: a conflict aborts the caller's work). */
  tx?: Transaction;
  context?: MessageContext;
  ids?: IdSource;
}

const SNAPSHOT_EVERY = 20;
/** Attempts of a command whose append conflicts; retries after the first are serialised per stream. */
const CONFLICT_ATTEMPTS = 5;

/**
 * Load → decide → append for one aggregate type: events and their outbox messages in one
 * transaction, a snapshot every 20 events, and a version conflict retried from a fresh load.
 */
export class AggregateStore<S, C, E extends NewEvent> {
  readonly events: EventStore;
  private readonly outbox: Outbox;

  constructor(
    private readonly db: Database,
    schema: string,
    readonly aggregateType: string,
    private readonly decider: Decider<S, C, E>,
    private readonly messages: MessageFactory,
    private readonly snapshotEvery = SNAPSHOT_EVERY,
  ) {
    this.events = new EventStore(db, schema);
    this.outbox = new Outbox(schema);
  }

  /** The event stream of aggregate `id`: `<aggregate type>-<id>`. */
  streamId(id: string): string {
    return `${this.aggregateType}-${id}`;
  }

  /** Snapshot, then the events after it. */
  async load(id: string, q: Queryable = this.db): Promise<Loaded<S>> {
    const streamId = this.streamId(id);
    const snapshot = await this.events.readSnapshot<S>(q, streamId);
    let state = snapshot?.state ?? this.decider.initialState();
    let version = snapshot?.version ?? 0;
    for (const recorded of await this.events.readStream<E>(q, streamId, version)) {
      state = this.decider.evolve(state, recorded.event);
      version = recorded.version;
    }
    return { state, version };
  }

  /**
   * Many aggregates in one statement, so one consistent read (a snapshot written meanwhile cannot skip events):
   * each stream's snapshot, then its events after it, folded as `load` folds one. Unknown ids come back at
   * version 0 in the initial state; ids are text here, so a malformed id is just an unknown one.
   */
  async loadMany(ids: readonly string[], q: Queryable = this.db): Promise<Map<string, Loaded<S>>> {
    const unique = [...new Set(ids)];
    const loaded = new Map<string, Loaded<S>>(unique.map((id) => [id, { state: this.decider.initialState(), version: 0 }]));
    if (unique.length === 0) return loaded;
    const { schema } = this.events;
    const { rows } = await q.query<{
      id: string;
      snapshot: S | null;
      snapshot_version: number | null;
      type: string | null;
      data: unknown;
      version: number | null;
    }>(
      `SELECT w.id, s.state AS snapshot, s.version AS snapshot_version, e.type, e.data, e.version
         FROM unnest($1::text[], $2::text[]) AS w(id, stream_id)
         LEFT JOIN ${ident(schema)}.snapshots s ON s.stream_id = w.stream_id
         LEFT JOIN ${ident(schema)}.events e ON e.stream_id = w.stream_id AND e.version > COALESCE(s.version, 0)
        ORDER BY w.id, e.version`,
      [unique, unique.map((id) => this.streamId(id))],
    );
    const started = new Set<string>();
    for (const row of rows) {
      let current = loaded.get(row.id)!;
      if (!started.has(row.id)) {
        started.add(row.id);
        if (row.snapshot !== null) current = { state: row.snapshot, version: row.snapshot_version ?? 0 };
      }
      if (row.type !== null)
        current = { state: this.decider.evolve(current.state, { type: row.type, data: row.data } as E), version: row.version ?? current.version };
      loaded.set(row.id, current);
    }
    return loaded;
  }

  /** Decides `command` (or the command built from the current state) and records what it decided. */
  async handle(id: string, command: C | ((state: S) => C), options: HandleOptions = {}): Promise<Handled<S, E>> {
    if (options.tx) return this.handleIn(options.tx, id, command, options);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async (tx) => {
          // Optimistic first; after a conflict, writers of this stream take turns so a retry does
          // not race the other losers again (N concurrent commands all succeed by their second attempt).
          if (attempt > 1) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`ftgo:stream:${this.events.schema}:${this.streamId(id)}`]);
          return this.handleIn(tx, id, command, options);
        });
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= CONFLICT_ATTEMPTS) throw error;
      }
    }
  }

  private async handleIn(tx: Transaction, id: string, command: C | ((state: S) => C), options: HandleOptions): Promise<Handled<S, E>> {
    const loaded = await this.load(id, tx);
    const decided = this.decider.decide(typeof command === 'function' ? (command as (state: S) => C)(loaded.state) : command, loaded.state);
    const streamId = this.streamId(id);
    const recorded = await this.events.append(tx, streamId, loaded.version, decided);
    let { state, version } = loaded;
    for (const r of recorded) {
      state = this.decider.evolve(state, r.event);
      version = r.version;
    }
    await this.outbox.append(tx, this.toMessages(id, recorded, options));
    if (recorded.length > 0 && Math.floor(version / this.snapshotEvery) > Math.floor(loaded.version / this.snapshotEvery)) {
      await this.events.writeSnapshot(tx, streamId, version, state);
    }
    return { state, version, events: recorded };
  }

  /** DOMAIN §0: the payload is the event's data plus `occurredAt` = its `recorded_at`. */
  private toMessages(id: string, recorded: RecordedEvent<E>[], options: HandleOptions): Envelope[] {
    const ids = options.ids ?? randomIds;
    return recorded.map((r) =>
      this.messages.eventNamed(
        this.aggregateType,
        r.event.type,
        { id, version: r.version },
        { ...(r.event.data as object), occurredAt: r.recordedAt.toISOString() },
        options.context,
        ids,
      ),
    );
  }
}

import { type AggregateStore, type IdSource, ident, type MessageContext, type Transaction } from '@ftgo/infra';
import type { AccountReader, AccountRepository } from '../application/index.js';
import { type Account, type AccountCommand, type AccountEvent, accountDecider } from '../domain/index.js';

/** The event-sourced Account: `events`/`snapshots` of the accounting schema, stream `Account-<consumer id>`. */
export type AccountStore = AggregateStore<Account, AccountCommand, AccountEvent>;

/** What a unit of work writes with: its transaction, the ids of the messages it produces, their correlation. */
export interface TransactionScope {
  tx: Transaction;
  ids: IdSource;
  context?: MessageContext;
}

/** Queries: the current state from the pool (snapshot + later events). */
export class PgAccountReader implements AccountReader {
  constructor(private readonly store: AccountStore) {}

  async load(accountId: string): Promise<Account> {
    return (await this.store.load(accountId)).state;
  }

  /**
   * Many accounts in one statement (so one consistent read): each stream's snapshot, then its events after the
   * snapshot, folded exactly as `AggregateStore.load` folds one stream.
   */
  async loadMany(accountIds: readonly string[]): Promise<Map<string, Account>> {
    const { db, schema } = this.store.events;
    const streamOf = (id: string) => `${this.store.aggregateType}-${id}`;
    const { rows } = await db.query<{ stream_id: string; snapshot: Account | null; type: string | null; data: unknown }>(
      `SELECT w.stream_id, s.state AS snapshot, e.type, e.data
         FROM unnest($1::text[]) AS w(stream_id)
         LEFT JOIN ${ident(schema)}.snapshots s ON s.stream_id = w.stream_id
         LEFT JOIN ${ident(schema)}.events e ON e.stream_id = w.stream_id AND e.version > COALESCE(s.version, 0)
        ORDER BY w.stream_id, e.version`,
      [accountIds.map(streamOf)],
    );
    const states = new Map<string, Account>();
    for (const row of rows) {
      let state = states.get(row.stream_id) ?? row.snapshot ?? accountDecider.initialState();
      if (row.type !== null) state = accountDecider.evolve(state, { type: row.type, data: row.data } as AccountEvent);
      states.set(row.stream_id, state);
    }
    return new Map(accountIds.map((id) => [id, states.get(streamOf(id)) ?? accountDecider.initialState()]));
  }
}

/** The Account stream inside one transaction: events and their outbox messages commit with it. */
export class PgAccountRepository implements AccountRepository {
  constructor(
    private readonly store: AccountStore,
    private readonly scope: TransactionScope,
  ) {}

  async load(accountId: string): Promise<Account> {
    return (await this.store.load(accountId, this.scope.tx)).state;
  }

  async handle(accountId: string, command: AccountCommand): Promise<Account> {
    return (await this.store.handle(accountId, command, this.scope)).state;
  }
}

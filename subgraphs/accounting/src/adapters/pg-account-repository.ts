import type { AggregateStore, IdSource, MessageContext, Transaction } from '@ftgo/infra';
import type { AccountReader, AccountRepository } from '../application/index.js';
import type { Account, AccountCommand, AccountEvent } from '../domain/index.js';

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

  /** Many accounts in one consistent read (entity references): `AggregateStore.loadMany`. */
  async loadMany(accountIds: readonly string[]): Promise<Map<string, Account>> {
    const loaded = await this.store.loadMany(accountIds);
    return new Map(accountIds.map((id) => [id, loaded.get(id)!.state]));
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

import type { Account, AccountCommand } from '../domain/index.js';

/**
 * The Account event stream inside one unit of work: `handle` loads, decides, appends the events and writes
 * their outbox messages in that unit's transaction, and returns the state after them.
 */
export interface AccountRepository {
  load(accountId: string): Promise<Account>;
  handle(accountId: string, command: AccountCommand): Promise<Account>;
}

/** Reads outside any command (queries). */
export interface AccountReader {
  load(accountId: string): Promise<Account>;
  /** The current state of each of `accountIds` (NEW when unknown), read together: one round trip. */
  loadMany(accountIds: readonly string[]): Promise<Map<string, Account>>;
}

/** One transaction: everything a use case changes commits together with its outbox messages, or not at all. */
export interface UnitOfWork {
  readonly accounts: AccountRepository;
}

export interface Transactions {
  /**
   * Runs `work` in a new unit of work. With an idempotency key it runs once per (operation, key): a repeat
   * returns the stored response (JSON), the same key with another request is CONFLICT (DESIGN, Idempotency).
   */
  run<T>(operation: string, idempotencyKey: string | undefined, request: unknown, work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
}

export interface Clock {
  now(): Date;
}

export interface AccountingApplicationDeps {
  accounts: AccountReader;
  transactions: Transactions;
  clock: Clock;
}

import type { Consumer, ConsumerCommand } from '../domain/index.js';

/**
 * The Consumer event stream inside one unit of work: `handle` loads, decides, appends the events and
 * writes their outbox messages in that unit's transaction, and returns the state after them.
 */
export interface ConsumerRepository {
  load(consumerId: string): Promise<Consumer>;
  handle(consumerId: string, command: ConsumerCommand): Promise<Consumer>;
}

/** Reads outside any command (queries). */
export interface ConsumerReader {
  load(consumerId: string): Promise<Consumer>;
}

/** One transaction: everything a use case changes commits together with its outbox messages, or not at all. */
export interface UnitOfWork {
  readonly consumers: ConsumerRepository;
}

export interface Transactions {
  /**
   * Runs `work` in a new unit of work. With an idempotency key it runs once per (operation, key): a repeat
   * returns the stored response (JSON), the same key with another request is CONFLICT (DESIGN, Idempotency).
   */
  run<T>(operation: string, idempotencyKey: string | undefined, request: unknown, work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
}

/** DOMAIN §0: consumer ids are UUID v4 from the owning service. */
export interface IdGenerator {
  newId(): string;
}

export interface ConsumerApplicationDeps {
  consumers: ConsumerReader;
  transactions: Transactions;
  ids: IdGenerator;
}

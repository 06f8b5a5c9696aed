import { type Database, IdempotencyKeys } from '@ftgo/infra';
import type { Transactions, UnitOfWork } from '../application/index.js';
import { type ConsumerStore, PgConsumerRepository, type TransactionScope } from './pg-consumer-repository.js';

/**
 * Units of work over the consumer schema. A mutation runs through `idempotency_keys` (once per key, message
 * ids derived from it; a version conflict reruns it from a fresh load); a message handler lends its own
 * transaction (`within`), so the inbox claim, the change and the reply commit together.
 */
export class PgTransactions implements Transactions {
  private readonly keys: IdempotencyKeys;

  constructor(
    db: Database,
    schema: string,
    private readonly store: ConsumerStore,
  ) {
    this.keys = new IdempotencyKeys(db, schema);
  }

  run<T>(operation: string, idempotencyKey: string | undefined, request: unknown, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return this.keys.run(operation, idempotencyKey, request, (tx, ids) => work(this.within({ tx, ids })));
  }

  within(scope: TransactionScope): UnitOfWork {
    return { consumers: new PgConsumerRepository(this.store, scope) };
  }
}

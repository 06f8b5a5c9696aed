import type { AggregateStore, IdSource, MessageContext, Transaction } from '@ftgo/infra';
import type { ConsumerReader, ConsumerRepository } from '../application/index.js';
import type { Consumer, ConsumerCommand, ConsumerEvent } from '../domain/index.js';

/** The event-sourced Consumer: `events`/`snapshots` of the consumer schema, stream `Consumer-<id>`. */
export type ConsumerStore = AggregateStore<Consumer, ConsumerCommand, ConsumerEvent>;

/** What a unit of work writes with: its transaction, the ids of the messages it produces, their correlation. */
export interface TransactionScope {
  tx: Transaction;
  ids: IdSource;
  context?: MessageContext;
}

/** Queries: the current state from the pool (snapshot + later events). */
export class PgConsumerReader implements ConsumerReader {
  constructor(private readonly store: ConsumerStore) {}

  async load(consumerId: string): Promise<Consumer> {
    return (await this.store.load(consumerId)).state;
  }
}

/** The Consumer stream inside one transaction: events and their outbox messages commit with it. */
export class PgConsumerRepository implements ConsumerRepository {
  constructor(
    private readonly store: ConsumerStore,
    private readonly scope: TransactionScope,
  ) {}

  async load(consumerId: string): Promise<Consumer> {
    return (await this.store.load(consumerId, this.scope.tx)).state;
  }

  async handle(consumerId: string, command: ConsumerCommand): Promise<Consumer> {
    return (await this.store.handle(consumerId, command, this.scope)).state;
  }
}

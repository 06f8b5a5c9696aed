import { type Database, IdempotencyKeys, type MessageFactory } from '@ftgo/infra';
import type { Mutations, RestaurantRepository } from '../application/index.js';
import { PgRestaurantRepository } from './pg-restaurants.js';

/**
 * Each mutation in one transaction with its idempotency key (DESIGN, Idempotency): the outbox
 * message ids derive from the key, so a retried command yields the same message ids.
 */
export class PgMutations implements Mutations {
  private readonly keys: IdempotencyKeys;

  constructor(
    db: Database,
    private readonly schema: string,
    private readonly messages: MessageFactory,
  ) {
    this.keys = new IdempotencyKeys(db, schema);
  }

  run<T>(operation: string, idempotencyKey: string | undefined, request: unknown, work: (restaurants: RestaurantRepository) => Promise<T>): Promise<T> {
    return this.keys.run(operation, idempotencyKey, request, (tx, ids) => work(new PgRestaurantRepository(tx, this.schema, this.messages, ids)));
  }
}

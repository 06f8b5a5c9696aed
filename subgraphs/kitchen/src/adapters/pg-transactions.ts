import { type Database, IdempotencyKeys } from '@ftgo/infra';
import type { KitchenUnit, Transactions } from '../application/ports.js';
import type { PgKitchenUnits } from './pg-kitchen-units.js';

/** Mutation transactions through the kitchen schema's `idempotency_keys` (DESIGN, Idempotency). */
export class PgTransactions implements Transactions {
  private readonly keys: IdempotencyKeys;

  constructor(
    db: Database,
    schema: string,
    private readonly units: PgKitchenUnits,
  ) {
    this.keys = new IdempotencyKeys(db, schema);
  }

  run<T>(operation: string, idempotencyKey: string | undefined, request: unknown, work: (unit: KitchenUnit) => Promise<T>): Promise<T> {
    return this.keys.run(operation, idempotencyKey, request, (tx, ids) => work(this.units.in(tx, { ids })));
  }
}

import { type Database, IdempotencyKeys, type IdSource, type MessageContext, type MessageFactory, Outbox, type Queryable, type Transaction } from '@ftgo/infra';
import type { DeliveryReads, DeliveryStores, Idempotency, UnitOfWork } from '../application/ports.js';
import { OutboxDeliveryEvents } from './outbox-delivery-events.js';
import { PgCouriers } from './pg-couriers.js';
import { PgDeliveries } from './pg-deliveries.js';
import { PgRestaurantReplicas } from './pg-restaurant-replicas.js';

/**
 * Transactions over the delivery schema. Mutations run through `IdempotencyKeys` (a repeat of a key
 * returns the stored response; message ids derive from the key). `within` binds the use cases to
 * a message handler's transaction instead, where the inbox is the idempotency.
 */
export class PgUnitOfWork implements UnitOfWork {
  private readonly keys: IdempotencyKeys;
  private readonly outbox: Outbox;

  constructor(
    private readonly db: Database,
    private readonly schema: string,
    private readonly messages: MessageFactory,
  ) {
    this.keys = new IdempotencyKeys(db, schema);
    this.outbox = new Outbox(schema);
  }

  run<T>(operation: string, work: (stores: DeliveryStores) => Promise<T>, idempotency?: Idempotency): Promise<T> {
    return this.keys.run(operation, idempotency?.key, idempotency?.request, (tx, ids) => work(this.stores(tx, ids, {})));
  }

  read<T>(work: (reads: DeliveryReads) => Promise<T>): Promise<T> {
    return work({ deliveries: new PgDeliveries(this.db, this.schema), couriers: new PgCouriers(this.db, this.schema) });
  }

  /** The use cases in `tx` (a handler's), each in a savepoint so a rejected one changes nothing; messages carry `context`. */
  within(tx: Transaction, ids: IdSource, context: MessageContext): UnitOfWork {
    return {
      run: async (_operation, work) => {
        await tx.query('SAVEPOINT delivery_use_case');
        try {
          const result = await work(this.stores(tx, ids, context));
          await tx.query('RELEASE SAVEPOINT delivery_use_case');
          return result;
        } catch (error) {
          await tx.query('ROLLBACK TO SAVEPOINT delivery_use_case');
          throw error;
        }
      },
      read: (work) => work({ deliveries: new PgDeliveries(tx, this.schema), couriers: new PgCouriers(tx, this.schema) }),
    };
  }

  private stores(tx: Queryable, ids: IdSource, context: MessageContext): DeliveryStores {
    return {
      deliveries: new PgDeliveries(tx, this.schema),
      couriers: new PgCouriers(tx, this.schema),
      restaurants: new PgRestaurantReplicas(tx, this.schema),
      events: new OutboxDeliveryEvents(tx, this.outbox, this.messages, ids, context),
    };
  }
}

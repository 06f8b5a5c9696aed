import { type Database, IdempotencyKeys, type IdSource, type MessageContext, type MessageFactory, type Transaction } from '@ftgo/infra';
import type { MutationOptions, UnitOfWork, Work } from '../application/ports.js';
import { PgConsumerReplicas } from './pg-consumer-replicas.js';
import type { OrderStore } from './pg-order-repository.js';
import { PgOrderRepository } from './pg-order-repository.js';
import { PgRestaurantReplicas } from './pg-restaurant-replicas.js';
import { PgSagaRepository } from './pg-saga-repository.js';

/** What a Work needs besides its transaction. */
export interface PgWorkDeps {
  schema: string;
  orders: OrderStore;
  messages: MessageFactory;
}

/** A `Work` over one transaction, plus the effects to run once it committed. */
export interface PgWork extends Work {
  readonly effects: readonly (() => void)[];
}

/** The repositories of one transaction; messages get `ids` (derived from a key or a message id) and `context`. */
export function pgWork(deps: PgWorkDeps, tx: Transaction, ids: IdSource, context: MessageContext): PgWork {
  const effects: (() => void)[] = [];
  return {
    orders: new PgOrderRepository(deps.orders, tx, ids, context),
    sagas: new PgSagaRepository(tx, deps.schema, deps.messages, ids, context),
    restaurants: new PgRestaurantReplicas(tx, deps.schema),
    consumers: new PgConsumerReplicas(tx, deps.schema),
    afterCommit: (effect) => {
      effects.push(effect);
    },
    effects,
  };
}

/** Runs the effects one committed transaction registered; a failing effect (a metric, a log) must not fail the command. */
export function runEffects(effects: readonly (() => void)[], onError: (error: unknown) => void): void {
  for (const effect of effects) {
    try {
      effect();
    } catch (error) {
      onError(error);
    }
  }
}

/**
 * Mutations: one transaction through the idempotency keys (DESIGN, Idempotency), which also reruns the
 * whole work after an event-store version conflict. Only the committed attempt's effects run.
 */
export class PgUnitOfWork implements UnitOfWork {
  private readonly keys: IdempotencyKeys;

  constructor(
    db: Database,
    private readonly deps: PgWorkDeps,
    private readonly onEffectError: (error: unknown) => void,
  ) {
    this.keys = new IdempotencyKeys(db, deps.schema);
  }

  async run<T>(operation: string, options: MutationOptions, request: unknown, work: (work: Work) => Promise<T>): Promise<T> {
    let committed: readonly (() => void)[] = [];
    const result = await this.keys.run(operation, options.idempotencyKey ?? undefined, request, async (tx, ids) => {
      const unit = pgWork(this.deps, tx, ids, options.context ?? {});
      const value = await work(unit);
      committed = unit.effects;
      return value;
    });
    runEffects(committed, this.onEffectError);
    return result;
  }
}

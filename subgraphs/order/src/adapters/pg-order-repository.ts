import type { AggregateStore, IdSource, MessageContext, Transaction } from '@ftgo/infra';
import type { HandledOrder, LoadedOrder, OrderRepository } from '../application/ports.js';
import type { Order, OrderCommand, OrderEvent } from '../domain/index.js';

export type OrderStore = AggregateStore<Order, OrderCommand, OrderEvent>;

/** The event-sourced Order in one transaction: events, snapshots and outbox messages through the AggregateStore. */
export class PgOrderRepository implements OrderRepository {
  constructor(
    private readonly store: OrderStore,
    private readonly tx: Transaction,
    private readonly ids: IdSource,
    private readonly context: MessageContext,
  ) {}

  async load(orderId: string): Promise<LoadedOrder> {
    const { state, version } = await this.store.load(orderId, this.tx);
    return { order: state, version };
  }

  async handle(orderId: string, command: OrderCommand): Promise<HandledOrder> {
    const { state, version, events } = await this.store.handle(orderId, command, { tx: this.tx, ids: this.ids, context: this.context });
    return { order: state, version, events: events.map((recorded) => recorded.event) };
  }
}

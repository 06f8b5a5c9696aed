import type { Transaction } from '@ftgo/infra';
import type { KitchenUnit } from '../application/ports.js';
import { PgRestaurantReplicas } from './pg-restaurant-replicas.js';
import { PgTicketIndex } from './pg-ticket-index.js';
import { type MessageStamp, PgTicketRepository, type TicketStore } from './pg-ticket-repository.js';

/** Builds the repositories of one transaction, for mutations and message handlers alike. */
export class PgKitchenUnits {
  constructor(
    private readonly store: TicketStore,
    private readonly schema: string,
  ) {}

  in(tx: Transaction, stamp: MessageStamp): KitchenUnit {
    const ticketIndex = new PgTicketIndex(tx, this.schema);
    return {
      tickets: new PgTicketRepository(this.store, ticketIndex, tx, stamp),
      ticketIndex,
      restaurants: new PgRestaurantReplicas(tx, this.schema),
    };
  }
}

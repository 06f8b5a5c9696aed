import type { Database } from '@ftgo/infra';
import { isUuid, kitchen } from '@ftgo/schema';
import type { TicketReader } from '../application/ports.js';
import type { ExistingTicket } from '../domain/index.js';
import { PgTicketIndex } from './pg-ticket-index.js';
import type { TicketStore } from './pg-ticket-repository.js';

/**
 * Current tickets for queries: `tickets_index` finds them, their streams say what they are. Many tickets are
 * folded from one statement (`AggregateStore.loadMany`), so a list costs two queries, not one per ticket.
 */
export class PgTicketReader implements TicketReader {
  private readonly index: PgTicketIndex;

  constructor(
    private readonly store: TicketStore,
    db: Database,
    schema: string,
  ) {
    this.index = new PgTicketIndex(db, schema);
  }

  async load(ticketIds: readonly string[]): Promise<Map<string, ExistingTicket>> {
    const ids = [...new Set(ticketIds.filter(isUuid))];
    const tickets = new Map<string, ExistingTicket>();
    if (ids.length === 0) return tickets;
    for (const [id, { state }] of await this.store.loadMany(ids)) if (state.status !== 'NEW') tickets.set(id, state);
    return tickets;
  }

  ticketIdsOfOrders(orderIds: readonly string[]): Promise<Map<string, string>> {
    return this.index.ticketIdsOfOrders(orderIds);
  }

  ticketIdsOfRestaurants(restaurantIds: readonly string[], state?: kitchen.TicketState): Promise<Map<string, string[]>> {
    return this.index.ticketIdsOfRestaurants(restaurantIds, state);
  }
}

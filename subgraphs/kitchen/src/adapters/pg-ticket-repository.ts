import { AggregateStore, type Database, type IdSource, type MessageContext, type MessageFactory, type Transaction } from '@ftgo/infra';
import { kitchen } from '@ftgo/schema';
import type { TicketRepository } from '../application/ports.js';
import { type ExistingTicket, type Ticket, type TicketCommand, type TicketEvent, ticketDecider, ticketNotFound } from '../domain/index.js';
import type { PgTicketIndex } from './pg-ticket-index.js';

/** Ticket streams in the kitchen schema's `events`, published as `kitchen.<Event>` on the Ticket subject. */
export type TicketStore = AggregateStore<Ticket, TicketCommand, TicketEvent>;

export const ticketStore = (db: Database, schema: string, messages: MessageFactory): TicketStore =>
  new AggregateStore(db, schema, kitchen.AGGREGATE, ticketDecider, messages);

/** How the messages a transaction produces are stamped: ids from the inbound message or the idempotency key. */
export interface MessageStamp {
  ids: IdSource;
  context?: MessageContext;
}

/**
 * Tickets within one transaction: the aggregate store appends the decided events and their outbox messages,
 * and the ticket's `tickets_index` row follows in the same transaction (DOMAIN §1.1).
 */
export class PgTicketRepository implements TicketRepository {
  constructor(
    private readonly store: TicketStore,
    private readonly index: PgTicketIndex,
    private readonly tx: Transaction,
    private readonly stamp: MessageStamp,
  ) {}

  async handle(ticketId: string, command: TicketCommand): Promise<ExistingTicket> {
    const { state, events } = await this.store.handle(ticketId, command, { tx: this.tx, ids: this.stamp.ids, context: this.stamp.context });
    if (state.status === 'NEW') throw ticketNotFound(); // nothing decided for a ticket that does not exist
    if (events.length > 0) await this.index.save(state);
    return state;
  }
}

import { type Database, ident } from '@ftgo/infra';
import { kitchen } from '@ftgo/schema';
import type { TicketReader } from '../application/ports.js';
import { type ExistingTicket, evolve, initialState, type Ticket, type TicketEvent } from '../domain/index.js';
import { PgTicketIndex } from './pg-ticket-index.js';
import { isUuid } from './uuid.js';

/** The aggregate store's stream id of a ticket (`<aggregate type>-<id>`, infra AggregateStore). */
const streamId = (ticketId: string): string => `${kitchen.AGGREGATE}-${ticketId}`;

type StreamRow = {
  stream_id: string;
  snapshot: Ticket | null;
  type: TicketEvent['type'] | null;
  data: TicketEvent['data'] | null;
};

/**
 * Current tickets for queries: `tickets_index` finds them, their streams say what they are. Many tickets are
 * folded from one statement (snapshot, then the events after it), so a list costs two queries, not one per ticket.
 */
export class PgTicketReader implements TicketReader {
  private readonly index: PgTicketIndex;
  private readonly events: string;
  private readonly snapshots: string;

  constructor(
    private readonly db: Database,
    schema: string,
  ) {
    this.index = new PgTicketIndex(db, schema);
    this.events = `${ident(schema)}.events`;
    this.snapshots = `${ident(schema)}.snapshots`;
  }

  async load(ticketIds: readonly string[]): Promise<Map<string, ExistingTicket>> {
    const ids = [...new Set(ticketIds.filter(isUuid))];
    const tickets = new Map<string, ExistingTicket>();
    if (ids.length === 0) return tickets;
    // One statement sees one snapshot of the database: a snapshot written meanwhile cannot skip events.
    const { rows } = await this.db.query<StreamRow>(
      `SELECT s.stream_id, snap.state AS snapshot, e.type, e.data
         FROM unnest($1::text[]) AS s(stream_id)
         LEFT JOIN ${this.snapshots} snap ON snap.stream_id = s.stream_id
         LEFT JOIN ${this.events} e ON e.stream_id = s.stream_id AND e.version > COALESCE(snap.version, 0)
        ORDER BY s.stream_id, e.version`,
      [ids.map(streamId)],
    );
    const states = new Map<string, Ticket>();
    for (const row of rows) {
      let state = states.get(row.stream_id) ?? row.snapshot ?? initialState();
      if (row.type) state = evolve(state, { type: row.type, data: row.data } as TicketEvent);
      states.set(row.stream_id, state);
    }
    for (const id of ids) {
      const state = states.get(streamId(id));
      if (state && state.status !== 'NEW') tickets.set(id, state);
    }
    return tickets;
  }

  ticketIdsOfOrders(orderIds: readonly string[]): Promise<Map<string, string>> {
    return this.index.ticketIdsOfOrders(orderIds);
  }

  ticketIdsOfRestaurants(restaurantIds: readonly string[], state?: kitchen.TicketState): Promise<Map<string, string[]>> {
    return this.index.ticketIdsOfRestaurants(restaurantIds, state);
  }
}

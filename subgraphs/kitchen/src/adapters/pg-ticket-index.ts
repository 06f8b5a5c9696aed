import { ident, isUniqueViolation, type Queryable } from '@ftgo/infra';
import { isUuid, type kitchen } from '@ftgo/schema';
import type { TicketIndex } from '../application/ports.js';
import { type ExistingTicket, ticketAlreadyExists } from '../domain/index.js';

/**
 * `tickets_index` (DOMAIN §1.1): one row per ticket with its current state, written in the transaction of every
 * ticket append; `order_id` is unique, so two tickets for one order cannot both commit.
 */
export class PgTicketIndex implements TicketIndex {
  private readonly table: string;

  constructor(
    private readonly q: Queryable,
    schema: string,
  ) {
    this.table = `${ident(schema)}.tickets_index`;
  }

  async save(ticket: ExistingTicket): Promise<void> {
    try {
      await this.q.query(
        `INSERT INTO ${this.table} (ticket_id, order_id, restaurant_id, state, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (ticket_id) DO UPDATE SET state = EXCLUDED.state`,
        [ticket.ticketId, ticket.orderId, ticket.restaurantId, ticket.status, ticket.createdAt],
      );
    } catch (error) {
      // A concurrent CreateTicket for the same order committed first (DOMAIN §1.6: one ticket per order).
      if (isUniqueViolation(error)) throw ticketAlreadyExists();
      throw error;
    }
  }

  async ticketIdOfOrder(orderId: string): Promise<string | null> {
    return (await this.ticketIdsOfOrders([orderId])).get(orderId) ?? null;
  }

  /** Keyed by the ids as given (a uuid matches in any letter case). */
  async ticketIdsOfOrders(orderIds: readonly string[]): Promise<Map<string, string>> {
    const wellFormed = orderIds.filter(isUuid);
    if (wellFormed.length === 0) return new Map();
    const { rows } = await this.q.query<{ order_id: string; ticket_id: string }>(
      `SELECT order_id, ticket_id FROM ${this.table} WHERE order_id = ANY($1::uuid[])`,
      [wellFormed],
    );
    const byOrder = new Map(rows.map((row) => [row.order_id, row.ticket_id]));
    const found = new Map<string, string>();
    for (const orderId of wellFormed) {
      const ticketId = byOrder.get(orderId.toLowerCase());
      if (ticketId) found.set(orderId, ticketId);
    }
    return found;
  }

  /**
   * The ticket ids of each restaurant (keyed by the ids as given; malformed ids have none), optionally in one
   * state, oldest first, then by id, so the order is total: one statement for all of them.
   */
  async ticketIdsOfRestaurants(restaurantIds: readonly string[], state?: kitchen.TicketState): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>(restaurantIds.map((id) => [id, []]));
    const wellFormed = [...new Set(restaurantIds.filter(isUuid).map((id) => id.toLowerCase()))];
    if (wellFormed.length === 0) return found;
    const { rows } = await this.q.query<{ restaurant_id: string; ticket_id: string }>(
      `SELECT restaurant_id, ticket_id FROM ${this.table}
        WHERE restaurant_id = ANY($1::uuid[]) AND ($2::text IS NULL OR state = $2)
        ORDER BY restaurant_id, created_at, ticket_id`,
      [wellFormed, state ?? null],
    );
    const byRestaurant = new Map<string, string[]>();
    for (const row of rows) {
      const ticketIds = byRestaurant.get(row.restaurant_id);
      if (ticketIds) ticketIds.push(row.ticket_id);
      else byRestaurant.set(row.restaurant_id, [row.ticket_id]);
    }
    for (const id of restaurantIds) if (isUuid(id)) found.set(id, byRestaurant.get(id.toLowerCase()) ?? []);
    return found;
  }
}

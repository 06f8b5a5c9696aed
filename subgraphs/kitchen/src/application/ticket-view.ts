import type { Instant, kitchen } from '@ftgo/schema';
import type { ExistingTicket } from '../domain/index.js';

/**
 * What queries and mutations return (API.graphql `Ticket`, order and restaurant as ids): JSON-safe, times as
 * ISO strings, so an idempotent replay returns exactly the same shape.
 */
export interface TicketView {
  id: string;
  state: kitchen.TicketState;
  orderId: string;
  restaurantId: string;
  lineItems: kitchen.TicketLineItem[];
  readyBy: Instant | null;
  acceptedAt: Instant | null;
  preparingAt: Instant | null;
  readyForPickupAt: Instant | null;
  pickedUpAt: Instant | null;
}

export const toTicketView = (ticket: ExistingTicket): TicketView => ({
  id: ticket.ticketId,
  state: ticket.status,
  orderId: ticket.orderId,
  restaurantId: ticket.restaurantId,
  lineItems: ticket.lineItems.map(({ menuItemId, name, quantity }) => ({ menuItemId, name, quantity })),
  readyBy: ticket.readyBy,
  acceptedAt: ticket.acceptedAt,
  preparingAt: ticket.preparingAt,
  readyForPickupAt: ticket.readyForPickupAt,
  pickedUpAt: ticket.pickedUpAt,
});

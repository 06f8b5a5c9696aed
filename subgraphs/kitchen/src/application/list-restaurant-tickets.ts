import type { kitchen } from '@ftgo/schema';
import type { TicketReader } from './ports.js';
import { type TicketView, toTicketView } from './ticket-view.js';

export interface ListRestaurantTicketsInput {
  restaurantId: string;
  /** Only tickets in this state; absent or null: all. */
  state?: kitchen.TicketState | null;
}

/** `Restaurant.tickets(state)` (DOMAIN §1.6): that restaurant's tickets, optionally of one state, oldest first. */
export const listRestaurantTickets =
  ({ reader }: { reader: TicketReader }) =>
  async ({ restaurantId, state }: ListRestaurantTicketsInput): Promise<TicketView[]> => {
    const ticketIds = await reader.ticketIdsOfRestaurant(restaurantId, state ?? undefined);
    const tickets = await reader.load(ticketIds);
    return ticketIds
      .map((id) => tickets.get(id))
      .filter((ticket) => ticket !== undefined)
      .filter((ticket) => !state || ticket.status === state) // the index and the streams are read apart: the stream's state wins
      .map(toTicketView);
  };

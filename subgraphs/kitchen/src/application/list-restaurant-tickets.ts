import type { kitchen } from '@ftgo/schema';
import type { TicketReader } from './ports.js';
import { type TicketView, toTicketView } from './ticket-view.js';

export interface ListRestaurantTicketsInput {
  restaurantId: string;
  /** Only tickets in this state; absent or null: all. */
  state?: kitchen.TicketState | null;
}

export interface ListRestaurantsTicketsInput {
  restaurantIds: readonly string[];
  /** Only tickets in this state; absent or null: all. */
  state?: kitchen.TicketState | null;
}

/**
 * `Restaurant.tickets(state)` in batches (one DataLoader call per request and state): each restaurant's tickets,
 * in the order of `restaurantIds`, optionally of one state, oldest first; an unknown or malformed id has none.
 * Two statements for any number of restaurants: the index, then the tickets' streams.
 */
export const listTicketsOfRestaurants =
  ({ reader }: { reader: TicketReader }) =>
  async ({ restaurantIds, state }: ListRestaurantsTicketsInput): Promise<TicketView[][]> => {
    const ticketIds = await reader.ticketIdsOfRestaurants(restaurantIds, state ?? undefined);
    const tickets = await reader.load([...ticketIds.values()].flat());
    return restaurantIds.map((restaurantId) =>
      (ticketIds.get(restaurantId) ?? [])
        .map((id) => tickets.get(id))
        .filter((ticket) => ticket !== undefined)
        .filter((ticket) => !state || ticket.status === state) // the index and the streams are read apart: the stream's state wins
        .map(toTicketView),
    );
  };

/** `Restaurant.tickets(state)` (DOMAIN §1.6): that restaurant's tickets, optionally of one state, oldest first. */
export const listRestaurantTickets =
  (deps: { reader: TicketReader }) =>
  async ({ restaurantId, state }: ListRestaurantTicketsInput): Promise<TicketView[]> =>
    (await listTicketsOfRestaurants(deps)({ restaurantIds: [restaurantId], state }))[0];

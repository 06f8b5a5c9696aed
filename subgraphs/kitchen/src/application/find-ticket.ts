import type { TicketReader } from './ports.js';
import { type TicketView, toTicketView } from './ticket-view.js';

/**
 * Tickets in batches (`__resolveReference` of many Ticket representations, one DataLoader call): in the order of
 * `ids`, null for an unknown or malformed id.
 */
export const findTickets =
  ({ reader }: { reader: TicketReader }) =>
  async (ids: readonly string[]): Promise<(TicketView | null)[]> => {
    const tickets = await reader.load(ids);
    return ids.map((id) => {
      const ticket = tickets.get(id);
      return ticket ? toTicketView(ticket) : null;
    });
  };

/** `ticket(id)`: the ticket, or null for an unknown or malformed id (DOMAIN §0, reads). */
export const findTicket =
  (deps: { reader: TicketReader }) =>
  async (id: string): Promise<TicketView | null> =>
    (await findTickets(deps)([id]))[0];

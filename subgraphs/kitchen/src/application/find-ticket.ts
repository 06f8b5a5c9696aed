import type { TicketReader } from './ports.js';
import { type TicketView, toTicketView } from './ticket-view.js';

/** `ticket(id)`: the ticket, or null for an unknown or malformed id (DOMAIN §0, reads). */
export const findTicket =
  ({ reader }: { reader: TicketReader }) =>
  async (id: string): Promise<TicketView | null> => {
    const ticket = (await reader.load([id])).get(id);
    return ticket ? toTicketView(ticket) : null;
  };

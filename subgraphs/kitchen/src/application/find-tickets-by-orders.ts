import type { TicketReader } from './ports.js';
import { type TicketView, toTicketView } from './ticket-view.js';

/**
 * `Order.ticket` in batches (one DataLoader call per request): the ticket of each order, in the order of
 * `orderIds`, null where the kitchen has none (yet) or the id is malformed.
 */
export const findTicketsByOrders =
  ({ reader }: { reader: TicketReader }) =>
  async (orderIds: readonly string[]): Promise<(TicketView | null)[]> => {
    const ticketIds = await reader.ticketIdsOfOrders(orderIds);
    const tickets = await reader.load([...new Set(ticketIds.values())]);
    return orderIds.map((orderId) => {
      const ticket = tickets.get(ticketIds.get(orderId) ?? '');
      return ticket ? toTicketView(ticket) : null;
    });
  };

/** `ticketByOrder(orderId)`: one order's ticket, or null. */
export const findTicketByOrder =
  (deps: { reader: TicketReader }) =>
  async (orderId: string): Promise<TicketView | null> =>
    (await findTicketsByOrders(deps)([orderId]))[0];

import { type kitchen, type PayloadOf, Transient } from '@ftgo/schema';
import type { Clock, IdGenerator, KitchenUnit } from './ports.js';

export type CreateTicketInput = PayloadOf<typeof kitchen.CreateTicket>;

/**
 * Saga step createTicket (DOMAIN §1.6, §3.2), in the command handler's transaction. Checks in order: the restaurant
 * is in the replica (else transient: the replica may lag; the last attempt replies `restaurant not found`), every
 * line is on its menu, and the order has no ticket yet (`tickets_index`; the decider refuses a second one).
 */
export const createTicket =
  ({ clock, ids }: { clock: Clock; ids: IdGenerator }) =>
  async (unit: KitchenUnit, { orderId, restaurantId, lineItems }: CreateTicketInput): Promise<{ ticketId: string }> => {
    const restaurant = await unit.restaurants.find(restaurantId);
    if (!restaurant) throw new Transient('restaurant not found');
    // The order's existing ticket, if any, is what the decider checks: menu first, then `ticket already exists`.
    const ticketId = (await unit.ticketIndex.ticketIdOfOrder(orderId)) ?? ids.newId();
    const now = clock.now().toISOString();
    await unit.tickets.handle(ticketId, { type: 'CreateTicket', data: { ticketId, orderId, restaurantId, lineItems, menu: restaurant.menu, now } });
    return { ticketId };
  };

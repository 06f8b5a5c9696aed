import type { delivery, PayloadOf } from '@ftgo/schema';
import { Transient } from '@ftgo/schema';
import type { KitchenUnit } from './ports.js';

export type PickUpTicketInput = Pick<PayloadOf<typeof delivery.DeliveryPickedUp>, 'orderId' | 'pickedUpAt'>;

/**
 * delivery.DeliveryPickedUp (DOMAIN §1.6, §4.1): READY_FOR_PICKUP → PICKED_UP with the event's pickedUpAt; a ticket
 * already PICKED_UP is left as it is. The ticket is found by order; a missing one is transient (not yet indexed).
 */
export async function pickUpTicket(unit: KitchenUnit, { orderId, pickedUpAt }: PickUpTicketInput): Promise<void> {
  const ticketId = await unit.ticketIndex.ticketIdOfOrder(orderId);
  if (!ticketId) throw new Transient(`no ticket for order ${orderId}`);
  await unit.tickets.handle(ticketId, { type: 'PickUpTicket', data: { ticketId, pickedUpAt: new Date(pickedUpAt).toISOString() } });
}

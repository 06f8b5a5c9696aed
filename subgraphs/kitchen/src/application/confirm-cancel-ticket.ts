import type { kitchen, PayloadOf } from '@ftgo/schema';
import type { KitchenUnit } from './ports.js';

/** Saga step confirmCancelTicket (DOMAIN §3.3): CANCEL_PENDING → CANCELLED. In the command handler's transaction; a refusal is the FAILURE reason. */
export async function confirmCancelTicket(unit: KitchenUnit, { ticketId }: PayloadOf<typeof kitchen.ConfirmCancelTicket>): Promise<void> {
  await unit.tickets.handle(ticketId, { type: 'ConfirmCancelTicket', data: { ticketId } });
}
